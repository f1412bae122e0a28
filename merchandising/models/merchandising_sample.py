import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

STATES = [
    ('draft', 'Draft'),
    ('requested', 'Requested'),
    ('in_progress', 'In Progress'),
    ('sent', 'Sent'),
    ('received', 'Received by Customer'),
    ('approved', 'Approved'),
    ('rejected', 'Rejected'),
    ('cancel', 'Cancelled'),
]

# The only moves a sample may make; approved, rejected and cancelled are final.
TRANSITIONS = {
    'draft': ('requested', 'cancel'),
    'requested': ('in_progress', 'cancel'),
    'in_progress': ('sent', 'cancel'),
    'sent': ('received', 'cancel'),
    'received': ('approved', 'rejected', 'cancel'),
}

# The date each move stamps.
TRANSITION_DATES = {
    'sent': 'date_sent',
    'received': 'date_received',
    'approved': 'date_decided',
    'rejected': 'date_decided',
}

NOT_YET_SENT = ('draft', 'requested', 'in_progress')


class MerchandisingSample(models.Model):
    """A sample (打样) or catalogue sent to a customer: made, sent by courier,
    received, then approved or rejected by the customer; a rejection starts
    the next round. Samples may exist before any order, for a prospect."""

    _name = 'merchandising.sample'
    _description = 'Sample'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'portal.mixin']
    _order = 'date_due, id desc'

    name = fields.Char(
        'Reference', required=True, copy=False, readonly=True, index=True,
        default=lambda self: _('New'))
    order_id = fields.Many2one(
        'sale.order', 'Order', index=True, ondelete='restrict', track_visibility='onchange',
        help="Leave empty for a sample sent before the customer orders.")
    partner_id = fields.Many2one(
        'res.partner', 'Customer', required=True, index=True, track_visibility='onchange')
    commercial_partner_id = fields.Many2one(
        related='partner_id.commercial_partner_id', store=True, readonly=True, index=True,
        string='Customer Company')
    product_id = fields.Many2one('product.product', 'Product')
    type_id = fields.Many2one(
        'merchandising.sample.type', 'Type', required=True, ondelete='restrict',
        track_visibility='onchange')
    needs_approval = fields.Boolean(related='type_id.needs_approval', readonly=True)
    round = fields.Integer(
        default=1, readonly=True, copy=False,
        help="1 for the first sample of this type, 2 after the first was rejected, ...")
    # Indexed: the next rounds of a sample are found by it (next_round_ids),
    # and deleting a sample makes PostgreSQL look for the rounds pointing at
    # it (a scan of every sample per sample deleted without the index).
    previous_round_id = fields.Many2one(
        'merchandising.sample', 'Previous Round', readonly=True, copy=False, ondelete='set null',
        index=True)
    next_round_ids = fields.One2many(
        'merchandising.sample', 'previous_round_id', 'Next Round', readonly=True)
    quantity = fields.Float(default=1.0, digits=(16, 2))
    merchandiser_id = fields.Many2one(
        'res.users', 'Merchandiser', index=True, track_visibility='onchange',
        domain=[('share', '=', False)], default=lambda self: self.env.user)
    company_id = fields.Many2one(
        'res.company', 'Company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get('merchandising.sample'))

    state = fields.Selection(
        STATES, default='draft', required=True, readonly=True, copy=False, index=True,
        track_visibility='onchange')
    date_due = fields.Date(
        'Due', track_visibility='onchange',
        help="When the sample must be sent. Defaults from the type's lead time.")
    date_sent = fields.Date('Sent On', readonly=True, copy=False)
    date_received = fields.Date('Received On', readonly=True, copy=False)
    date_decided = fields.Date('Decided On', readonly=True, copy=False)
    is_late = fields.Boolean(
        'Late', compute='_compute_is_late', search='_search_is_late',
        help="The due date has passed and the sample is not sent yet.")

    days_late = fields.Integer(
        'Days Late', compute='_compute_is_late',
        help="Days since the due date passed, while the sample is not sent.")

    carrier_id = fields.Many2one('delivery.carrier', 'Courier')
    courier_name = fields.Char(
        'Courier Name', help="The courier, when it is not one of the carriers set up.")
    tracking_ref = fields.Char('Tracking Number', copy=False, track_visibility='onchange')
    tracking_url = fields.Char('Tracking Link', compute='_compute_tracking_url')

    cost = fields.Monetary(help="What sending the sample costs.")
    currency_id = fields.Many2one(
        'res.currency', 'Currency', required=True,
        default=lambda self: self.env.user.company_id.currency_id)
    paid_by = fields.Selection(
        [('company', 'Our Company'), ('customer', 'Customer')], 'Paid By', default='company')
    customer_comment = fields.Text(
        'Customer Comments', track_visibility='onchange',
        help="What the customer said about the sample: the reasons of a rejection, "
             "the corrections to make.")
    approval_rate = fields.Float(
        'Approval Rate (%)', compute='_compute_approval_rate', store=True, group_operator='avg',
        help="100 for an approved sample, 0 otherwise: averaged over the decided "
             "samples (the Decided filter), the share the customer approved.")
    access_token = fields.Char('Access Token', copy=False, default=lambda self: str(uuid.uuid4()))

    @api.model
    def create(self, vals):
        if vals.get('name', _('New')) == _('New'):
            vals['name'] = self.env['ir.sequence'].next_by_code('merchandising.sample') or _('New')
        if vals.get('order_id'):
            order = self.env['sale.order'].browse(vals['order_id'])
            vals.setdefault('partner_id', order.partner_id.id)
            if not vals.get('merchandiser_id'):
                vals['merchandiser_id'] = order.merchandiser_id.id
        if not vals.get('date_due') and vals.get('type_id'):
            lead = self.env['merchandising.sample.type'].browse(vals['type_id']).lead_days
            vals['date_due'] = fields.Date.to_string(
                fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=lead))
        sample = super(MerchandisingSample, self).create(vals)
        # The merchandiser follows the sample, to hear of the customer's decision.
        sample.message_subscribe_users(user_ids=sample.merchandiser_id.ids)
        return sample

    @api.multi
    def write(self, vals):
        if vals.get('merchandiser_id'):
            self.message_subscribe_users(user_ids=[vals['merchandiser_id']])
        return super(MerchandisingSample, self).write(vals)

    @api.onchange('order_id')
    def _onchange_order_id(self):
        if self.order_id:
            self.partner_id = self.order_id.partner_id
            self.merchandiser_id = self.order_id.merchandiser_id or self.merchandiser_id

    @api.onchange('type_id')
    def _onchange_type_id(self):
        if self.type_id:
            self.date_due = fields.Date.to_string(
                fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=self.type_id.lead_days))

    @api.constrains('order_id', 'partner_id')
    def _check_order_customer(self):
        for sample in self.filtered('order_id'):
            if sample.order_id.partner_id.commercial_partner_id != sample.commercial_partner_id:
                raise ValidationError(_(
                    "Sample %s: the customer must be the order's customer (%s). "
                    "Change the customer or the order.") % (
                        sample.name, sample.order_id.partner_id.commercial_partner_id.display_name))

    @api.depends('date_due', 'state')
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for sample in self:
            sample.is_late = bool(sample.date_due and sample.date_due < today
                                  and sample.state in NOT_YET_SENT)
            sample.days_late = (fields.Date.from_string(today) - fields.Date.from_string(
                sample.date_due)).days if sample.is_late else 0

    def _search_is_late(self, operator, value):
        today = fields.Date.context_today(self)
        # Explicit operators: 11.0 does not normalise what a search method returns.
        if (operator == '=') == bool(value):
            return ['&', ('date_due', '<', today), ('state', 'in', NOT_YET_SENT)]
        return ['|', '|', ('date_due', '=', False), ('date_due', '>=', today), ('state', 'not in', NOT_YET_SENT)]

    @api.model
    def _to_chase(self, today):
        """The samples not sent yet that are late or fall due within their
        company's due-soon window: the samples of the daily digest."""
        until = self.env['res.company']._merch_due_soon_until(today)
        samples = self.search([('state', 'in', NOT_YET_SENT), ('date_due', '<=', until)])
        return samples.filtered(lambda s: s.date_due < today or s.company_id._merch_is_due_soon(s.date_due, today))

    @api.depends('state')
    def _compute_approval_rate(self):
        # Stored so that the pivot can average it (a float column holds no
        # NULL in 11.0, hence the Decided filter on the analysis).
        for sample in self:
            sample.approval_rate = 100.0 if sample.state == 'approved' else 0.0

    @api.depends('carrier_id.merch_tracking_url', 'tracking_ref')
    def _compute_tracking_url(self):
        for sample in self:
            template = sample.carrier_id.merch_tracking_url
            sample.tracking_url = template.replace('{tracking}', sample.tracking_ref) \
                if template and sample.tracking_ref else False

    @api.multi
    def _compute_portal_url(self):
        for sample in self:
            sample.portal_url = '/my/samples/%s' % sample.id

    # --- samples of orders ---------------------------------------------------

    @api.model
    def _latest_rounds(self, orders):
        """{order id: the latest round of each type of sample}, in one search."""
        latest, seen = {}, set()
        for sample in self.search([('order_id', 'in', orders.ids)], order='round desc, id desc'):
            key = (sample.order_id.id, sample.type_id.id)
            if key not in seen:
                seen.add(key)
                latest[sample.order_id.id] = latest.get(sample.order_id.id, self.browse()) | sample
        return latest

    @api.model
    def _missing_approvals(self, orders, stage):
        """What keeps the orders out of the stage: for each sample type
        required at or before it, an order without an approved sample."""
        types = self.env['merchandising.sample.type'].search(
            [('required_before_stage_id', '!=', False)]).filtered(
            lambda t: t.required_before_stage_id._position() <= stage._position())
        if not types or not orders:
            return []
        # sudo: the gate must weigh every sample of the order, also those the
        # user may not read; it only tells their reference and state.
        samples = self.sudo().search([('order_id', 'in', orders.ids), ('type_id', 'in', types.ids),
                                      ('state', '!=', 'cancel')], order='round desc, id desc')
        approved = {(s.order_id.id, s.type_id.id) for s in samples if s.state == 'approved'}
        latest = {}
        for sample in samples:
            latest.setdefault((sample.order_id.id, sample.type_id.id), sample)
        labels = dict(self._fields['state']._description_selection(self.env))
        problems = []
        for order in orders:
            for sample_type in types:
                if (order.id, sample_type.id) in approved:
                    continue
                sample = latest.get((order.id, sample_type.id))
                if sample:
                    problems.append(_("%s: the %s sample %s is %s, not approved by the customer "
                                      "(required before '%s').") % (
                        order.name, sample_type.name, sample.name, labels[sample.state],
                        sample_type.required_before_stage_id.name))
                else:
                    problems.append(_("%s: no %s sample yet; one must be approved by the customer "
                                      "before '%s'.") % (
                        order.name, sample_type.name, sample_type.required_before_stage_id.name))
        return problems

    # --- the sample's life ---------------------------------------------------

    def _move_to(self, new_state, **values):
        """The one path of every state change: refuse what TRANSITIONS does not
        allow, stamp the transition's date."""
        labels = dict(self._fields['state']._description_selection(self.env))
        for sample in self:
            if new_state not in TRANSITIONS.get(sample.state, ()):
                allowed = [labels[state] for state in TRANSITIONS.get(sample.state, ())]
                raise UserError(_("Sample %s is %s: it cannot become %s. %s") % (
                    sample.name, labels[sample.state], labels[new_state],
                    _("Next possible steps: %s.") % ', '.join(allowed) if allowed
                    else _("It is final; create a new sample instead.")))
        if new_state in TRANSITION_DATES:
            values.setdefault(TRANSITION_DATES[new_state], fields.Date.context_today(self))
        res = self.write(dict(values, state=new_state))
        if new_state == 'approved':
            self.env['merchandising.milestone']._complete_by_samples(self)
        return res

    @api.multi
    def action_request(self):
        return self._move_to('requested')

    @api.multi
    def action_start(self):
        return self._move_to('in_progress')

    @api.multi
    def action_mark_sent(self):
        return self._move_to('sent')

    @api.multi
    def action_mark_received(self):
        return self._move_to('received')

    @api.multi
    def action_approve(self, comment=None):
        self._check_needs_approval()
        values = {'customer_comment': comment} if comment else {}
        return self._move_to('approved', **values)

    @api.multi
    def action_reject(self, comment=None):
        self._check_needs_approval()
        values = {'customer_comment': comment} if comment else {}
        return self._move_to('rejected', **values)

    @api.multi
    def action_cancel(self):
        return self._move_to('cancel')

    def _check_needs_approval(self):
        for sample in self.filtered(lambda s: not s.needs_approval):
            raise UserError(_("Sample %s is a %s: the customer does not approve or reject it.")
                            % (sample.name, sample.type_id.name))

    @api.multi
    def action_create_next_round(self):
        """After a rejection: the same sample again, one round later."""
        self.ensure_one()
        if self.state != 'rejected':
            raise UserError(_("Sample %s is not rejected: only a rejected sample gets a next round.")
                            % self.name)
        if self.next_round_ids:
            raise UserError(_("Sample %s already has its next round: %s.")
                            % (self.name, self.next_round_ids[0].name))
        next_round = self.copy({
            'round': self.round + 1,
            'previous_round_id': self.id,
            'customer_comment': False,
            'date_due': False,
        })
        return {
            'type': 'ir.actions.act_window',
            'res_model': self._name,
            'res_id': next_round.id,
            'view_mode': 'form',
        }

    def _portal_photos(self):
        """The pictures attached to the sample, shown to the customer."""
        self.ensure_one()
        # sudo: portal users may not read attachments of internal models; the
        # caller (the portal controller) has already checked the sample by
        # record rule or token, and only this sample's images are returned.
        return self.env['ir.attachment'].sudo().search([
            ('res_model', '=', self._name), ('res_id', '=', self.id),
            ('mimetype', 'like', 'image/')], order='id')

    def _portal_decide(self, decision, comment, partner):
        """The customer's approval or rejection from the portal: one message in
        the chatter, in the customer's name, notifying the followers (the
        merchandiser first)."""
        self.ensure_one()
        comment = (comment or '').strip()
        if decision == 'approve':
            self.with_context(mail_notrack=True).action_approve(comment=comment or None)
            headline = _('Approved by the customer')
        else:
            self.with_context(mail_notrack=True).action_reject(comment=comment or None)
            headline = _('Rejected by the customer')
        body = '<p><strong>%s</strong></p>%s' % (headline, plaintext2html(comment) if comment else '')
        self.message_post(body=body, author_id=partner.id, message_type='comment',
                          subtype='merchandising.mt_sample_decided')

    def get_portal_url(self):
        """The customer's link to the sample: works without logging in, for
        this sample only."""
        self.ensure_one()
        # sudo: only the server's public address is read, as Odoo's own get_portal_url does.
        base_url = self.env['ir.config_parameter'].sudo().get_param('web.base.url')
        return '%s/my/samples/%s?access_token=%s' % (base_url, self.id, self.access_token)

    @api.multi
    def action_send_email(self):
        """Open the e-mail composer with the "Sample sent" template."""
        self.ensure_one()
        template = self.env.ref('merchandising.mail_template_sample_sent')
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'mail.compose.message',
            'view_mode': 'form',
            'target': 'new',
            'context': {
                'default_model': self._name,
                'default_res_id': self.id,
                'default_use_template': True,
                'default_template_id': template.id,
                'default_composition_mode': 'comment',
            },
        }

    # --- chatter -------------------------------------------------------------

    def _track_subtype(self, init_values):
        self.ensure_one()
        if 'state' in init_values and self.state in ('approved', 'rejected'):
            return 'merchandising.mt_sample_decided'
        return super(MerchandisingSample, self)._track_subtype(init_values)
