from collections import defaultdict, namedtuple
from datetime import timedelta
from urllib.parse import quote

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import plaintext2html

from odoo.tools.translate import LazyTranslate

from ..tools import lock_rows_nowait, mail_composer_action

_lt = LazyTranslate(__name__)

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

# The only moves a sample may make; approved, rejected and cancelled are
# final. A sample whose type needs no approval (a catalogue) never takes the
# customer's decision: it ends once sent, or received.
TRANSITIONS = {
    'draft': ('requested', 'cancel'),
    'requested': ('in_progress', 'cancel'),
    'in_progress': ('sent', 'cancel'),
    'sent': ('received', 'cancel'),
    'received': ('approved', 'rejected', 'cancel'),
}
DECISIONS = ('approved', 'rejected')

# The date each move stamps.
TRANSITION_DATES = {
    'sent': 'date_sent',
    'received': 'date_received',
    'approved': 'date_decided',
    'rejected': 'date_decided',
}

NOT_YET_SENT = ('draft', 'requested', 'in_progress')


class SampleDigestLine(namedtuple('SampleDigestLine', 'sample order customer type due days_overdue')):
    """A sample of the merchandiser's daily digest e-mail (beside the
    milestones' lines): what to send, for whom, by when."""
    __slots__ = ()
    # What a digest template edited before 4.2 reads (kept by its migration).
    days_late = property(lambda self: self.days_overdue)


# Odoo's own placeholder of a tracking number in a carrier's tracking link.
TRACKING_PLACEHOLDER = '<shipmenttrackingnumber>'


class MerchandisingSample(models.Model):
    """A sample (打样) or catalogue sent to a customer: requested, made, sent
    by courier, received, then approved or rejected by the customer — in the
    portal or through the merchandiser; a rejection opens the next round.
    Samples may exist before any order, for a prospect."""

    _name = 'merchandising.sample'
    _description = 'Sample'
    _inherit = ['portal.mixin', 'mail.thread', 'mail.activity.mixin', 'merchandising.state.mixin']
    _order = 'date_due, id desc'
    _state_transitions = TRANSITIONS
    _state_dates = TRANSITION_DATES
    _state_hint = _lt(
        "move it with the sample's buttons (Request, Start Making, Mark Sent, Received by Customer, "
        "Cancel); only the customer's decision approves or rejects it: Approve or Reject, or the customer "
        "in the portal")
    _state_final_hint = _lt("create a new sample instead")
    _check_company_auto = True
    _rec_names_search = ['name', 'tracking_ref']

    name = fields.Char(
        'Reference', required=True, copy=False, readonly=True, index=True,
        default=lambda self: self.env._('New'))
    order_id = fields.Many2one(
        'sale.order', index=True, ondelete='restrict', tracking=True, check_company=True,
        help="The order the sample is made for. Leave empty for a sample sent "
             "before the customer orders.")
    opportunity_id = fields.Many2one(
        'crm.lead', 'Enquiry', index='btree_not_null', ondelete='set null', tracking=True,
        check_company=True, domain=[('type', '=', 'opportunity')],
        help="The enquiry the sample or catalogue is sent for, before there is an order. A "
             "quotation made from the enquiry takes its samples.")
    partner_id = fields.Many2one(
        'res.partner', 'Customer', required=True, index=True, tracking=True,
        compute='_compute_partner_id', store=True, readonly=False, precompute=True,
        help="Who receives and decides on the sample: the order's customer "
             "when there is an order.")
    commercial_partner_id = fields.Many2one(
        related='partner_id.commercial_partner_id', store=True, index=True,
        string='Customer Company')
    product_id = fields.Many2one(
        'product.product', check_company=True,
        help="The product the sample shows.")
    type_id = fields.Many2one(
        'merchandising.sample.type', required=True, ondelete='restrict',
        tracking=True, check_company=True,
        help="Proto, fit, pre-production...: what the sample is for, and "
             "whether the customer must approve it.")
    needs_approval = fields.Boolean(related='type_id.needs_approval')
    round = fields.Integer(
        default=1, readonly=True, copy=False,
        help="1 for the first sample of this type, 2 after the first was rejected, ...")
    # Indexed: the next rounds of a sample are found by it (next_round_ids),
    # and deleting a sample makes PostgreSQL look for the rounds pointing at it.
    previous_round_id = fields.Many2one(
        'merchandising.sample', readonly=True, copy=False,
        ondelete='set null', index=True,
        help="The rejected sample this one corrects.")
    next_round_ids = fields.One2many(
        'merchandising.sample', 'previous_round_id', readonly=True)
    quantity = fields.Float(default=1.0, digits=(16, 2), help="How many pieces are sent.")
    merchandiser_id = fields.Many2one(
        'res.users', index=True, tracking=True, domain=[('share', '=', False)],
        compute='_compute_merchandiser_id', store=True, readonly=False, precompute=True,
        help="Who follows the sample and hears of the customer's decision: "
             "the order's merchandiser when there is an order.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        compute='_compute_company_id', store=True, readonly=False, precompute=True,
        help="The company that sends the sample: the order's company when there is an order.")

    state = fields.Selection(
        STATES, 'Status', default='draft', required=True, readonly=True, copy=False,
        index=True, tracking=True,
        help="Where the sample stands; the buttons move it one step at a time.")
    date_due = fields.Date(
        'Due', tracking=True, copy=False,
        compute='_compute_date_due', store=True, readonly=False, precompute=True,
        help="When the sample must be sent. Defaults from the type's lead time.")
    date_sent = fields.Date('Sent On', readonly=True, copy=False,
                            help="Stamped when the sample is marked sent.")
    date_received = fields.Date('Received On', readonly=True, copy=False,
                                help="Stamped when the customer received the sample.")
    date_decided = fields.Date('Decided On', readonly=True, copy=False,
                               help="Stamped when the customer approved or rejected the sample.")
    is_late = fields.Boolean(
        'Overdue', compute='_compute_is_late', search='_search_is_late',
        help="The due date has passed and the sample is not sent yet.")
    days_late = fields.Integer(
        'Days Overdue',
        compute='_compute_is_late',
        help="Days since the due date passed, while the sample is not sent.")

    carrier_id = fields.Many2one(
        'delivery.carrier', 'Courier', check_company=True,
        help="The courier, when it is one of the carriers set up; its tracking "
             "link gives the customer a link to the parcel.")
    courier_name = fields.Char(
        help="The courier, when it is not one of the carriers set up.")
    tracking_ref = fields.Char('Tracking Number', copy=False, tracking=True)
    tracking_url = fields.Char(
        'Tracking Link', compute='_compute_tracking_url',
        help="The courier's tracking page of the parcel, from the carrier's "
             "tracking link.")

    cost = fields.Monetary(help="What sending the sample costs.")
    currency_id = fields.Many2one(
        'res.currency', required=True,
        default=lambda self: self.env.company.currency_id,
        help="The currency of the cost, e.g. the courier's invoice.")
    paid_by = fields.Selection(
        [('company', 'Our Company'), ('customer', 'Customer')], default='company',
        help="Who pays the cost of the sample and its courier.")
    customer_comment = fields.Text(
        'Customer Comments', tracking=True,
        help="What the customer said about the sample: the reasons of a rejection, "
             "the corrections to make.")
    approval_rate = fields.Float(
        'Approval Rate (%)', compute='_compute_approval_rate', store=True, aggregator='avg',
        help="100 for an approved sample, 0 otherwise: averaged over the decided "
             "samples (the Decided filter), the share the customer approved.")

    # --- defaults from the order and the type -----------------------------------

    @api.depends('order_id', 'opportunity_id')
    def _compute_partner_id(self):
        for sample in self:
            if sample.order_id:
                sample.partner_id = sample.order_id.partner_id
            elif sample.opportunity_id.partner_id:
                sample.partner_id = sample.opportunity_id.partner_id

    @api.depends('order_id', 'opportunity_id')
    def _compute_merchandiser_id(self):
        for sample in self:
            if sample.order_id.merchandiser_id:
                sample.merchandiser_id = sample.order_id.merchandiser_id
            elif sample.opportunity_id.user_id and not sample.merchandiser_id:
                sample.merchandiser_id = sample.opportunity_id.user_id
            elif not sample.merchandiser_id and not self.env.user.share:
                sample.merchandiser_id = self.env.user

    @api.depends('order_id', 'opportunity_id')
    def _compute_company_id(self):
        for sample in self:
            if sample.order_id:
                sample.company_id = sample.order_id.company_id
            elif sample.opportunity_id.company_id:
                sample.company_id = sample.opportunity_id.company_id
            elif not sample.company_id:
                sample.company_id = self.env.company

    @api.depends('type_id')
    def _compute_date_due(self):
        today = fields.Date.context_today(self)
        for sample in self:
            if sample.type_id:
                sample.date_due = today + timedelta(days=sample.type_id.lead_days)

    @api.depends('date_due', 'state')
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for sample in self:
            sample.is_late = bool(sample.date_due and sample.date_due < today
                                  and sample.state in NOT_YET_SENT)
            sample.days_late = (today - sample.date_due).days if sample.is_late else 0

    def _search_is_late(self, operator, value):
        if operator not in ('=', '!='):
            raise UserError(self.env._("Search the overdue samples with 'is set' or 'is not set'."))
        today = fields.Date.context_today(self)
        if (operator == '=') == bool(value):
            return ['&', ('date_due', '<', today), ('state', 'in', NOT_YET_SENT)]
        return ['|', '|', ('date_due', '=', False), ('date_due', '>=', today),
                ('state', 'not in', NOT_YET_SENT)]

    @api.depends('state')
    def _compute_approval_rate(self):
        # Stored so that the pivot averages it; a float column stores 0, not
        # NULL, for the undecided samples: hence the Decided filter.
        for sample in self:
            sample.approval_rate = 100.0 if sample.state == 'approved' else 0.0

    @api.depends('carrier_id.tracking_url', 'tracking_ref')
    def _compute_tracking_url(self):
        for sample in self:
            template = sample.carrier_id.tracking_url
            reference = (sample.tracking_ref or '').strip()
            sample.tracking_url = template.replace(TRACKING_PLACEHOLDER, quote(reference)) \
                if template and reference else False

    # A compute returns nothing (pylint-odoo asks a return of every super() call).
    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for sample in self:
            sample.access_url = '/my/samples/%s' % sample.id

    @api.constrains('order_id', 'partner_id')
    def _check_order_customer(self):
        for sample in self.filtered('order_id'):
            customer = sample.order_id.partner_id.commercial_partner_id
            if customer != sample.commercial_partner_id:
                raise ValidationError(self.env._(
                    "Sample %(sample)s: the customer must be the order's customer (%(customer)s). "
                    "Change the customer or the order.",
                    sample=sample.name, customer=customer.display_name))

    @api.constrains('quantity')
    def _check_quantity(self):
        for sample in self:
            if sample.quantity <= 0:
                raise ValidationError(self.env._(
                    "Sample %(sample)s: the quantity must be more than 0.", sample=sample.name))

    @api.constrains('date_sent', 'date_received', 'date_decided')
    def _check_dates(self):
        for sample in self:
            dates = [(name, sample[name]) for name in ('date_sent', 'date_received', 'date_decided')
                     if sample[name]]
            for (earlier, earlier_date), (later, later_date) in zip(dates, dates[1:]):
                if later_date < earlier_date:
                    raise ValidationError(self.env._(
                        "Sample %(sample)s: '%(later)s' (%(later_date)s) cannot be before "
                        "'%(earlier)s' (%(earlier_date)s). Correct the dates.",
                        sample=sample.name, later=self._fields[later].get_description(self.env)['string'],
                        later_date=later_date, earlier_date=earlier_date,
                        earlier=self._fields[earlier].get_description(self.env)['string']))

    @api.constrains('state', 'type_id')
    def _check_decision_needs_approval(self):
        for sample in self:
            if sample.state in DECISIONS and not sample.needs_approval:
                raise ValidationError(self.env._(
                    "Sample %(sample)s is a %(type)s: the customer does not approve or reject it.",
                    sample=sample.name, type=sample.type_id.name))

    # --- creation ----------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_guarded_create(vals_list)  # before the sequence
        for vals in vals_list:
            if vals.get('name', self.env._('New')) == self.env._('New'):
                vals['name'] = self.env['ir.sequence'].next_by_code('merchandising.sample') \
                    or self.env._('New')
        samples = super().create(vals_list)
        samples._follow_merchandisers()
        return samples

    def write(self, vals):
        res = super().write(vals)
        if vals.get('merchandiser_id'):
            self._follow_merchandisers()
        return res

    def _follow_merchandisers(self):
        # The merchandiser follows the sample, to hear of the customer's decision.
        for merchandiser, samples in self.grouped('merchandiser_id').items():
            if merchandiser:
                samples.message_subscribe(partner_ids=merchandiser.partner_id.ids)

    # --- the sample's life -----------------------------------------------------------

    def _next_states(self):
        # Without the customer's decision for a type that needs none.
        states = super()._next_states()
        if not self.needs_approval:
            states = tuple(state for state in states if state not in DECISIONS)
        return states

    def _check_move(self, state, values):
        if state in DECISIONS:
            for sample in self.filtered(lambda sample: not sample.needs_approval):
                raise UserError(self.env._(
                    "Sample %(sample)s is a %(type)s: the customer does not approve or reject it.",
                    sample=sample.name, type=sample.type_id.name))
        return super()._check_move(state, values)

    def _state_moved(self, state, previous):
        res = super()._state_moved(state, previous)
        if state in DECISIONS:
            self._on_decided()
        return res

    def _on_decided(self):
        """The customer approved or rejected these samples. The chatter tells
        the followers (the tracked state with the Sample Decided subtype, or
        the portal's message in the customer's name); an approved sample
        completes the T&A milestones of its order that wait for its type."""
        self.env['merchandising.milestone']._complete_by_samples(self)
        return True

    def action_request(self):
        return self._move_to('requested')

    def action_start(self):
        return self._move_to('in_progress')

    def action_mark_sent(self):
        return self._move_to('sent')

    def action_mark_received(self):
        return self._move_to('received')

    def action_approve(self, comment=None):
        """Record the customer's approval (the customer's comment, if given)."""
        return self._move_to('approved', **({'customer_comment': comment} if comment else {}))

    def action_reject(self, comment=None):
        """Record the customer's rejection; write their comments first (or
        pass them), so that the next round corrects what they asked for."""
        return self._move_to('rejected', **({'customer_comment': comment} if comment else {}))

    def action_cancel(self):
        return self._move_to('cancel')

    def action_create_next_round(self):
        """After a rejection: the same sample again, one round later."""
        self.ensure_one()
        # Two merchandisers clicking at once would make two next rounds.
        lock_rows_nowait(self)
        if self.state != 'rejected':
            raise UserError(self.env._(
                "Sample %(sample)s is not rejected: only a rejected sample gets a next round.",
                sample=self.name))
        if self.next_round_ids:
            raise UserError(self.env._(
                "Sample %(sample)s already has its next round: %(next)s.",
                sample=self.name, next=self.next_round_ids[0].name))
        next_round = self.copy({
            'round': self.round + 1,
            'previous_round_id': self.id,
            'customer_comment': False,
        })
        return {
            'type': 'ir.actions.act_window',
            'res_model': self._name,
            'res_id': next_round.id,
            'view_mode': 'form',
            'views': [(False, 'form')],
        }

    def action_send_email(self):
        """Open the e-mail composer with the "Sample sent" template."""
        self.ensure_one()
        template = self.env.ref('merchandising.mail_template_sample_sent', raise_if_not_found=False)
        return mail_composer_action(
            self, template, default_email_layout_xmlid='mail.mail_notification_layout_with_responsible_signature')

    # --- samples of orders -----------------------------------------------------------

    @api.model
    def _latest_rounds(self, orders):
        """{order id: the latest round of each type of sample}, in one search."""
        latest, seen = {}, set()
        samples = self.search_fetch([('order_id', 'in', orders.ids)], ['order_id', 'type_id'],
                                    order='round desc, id desc')
        for sample in samples:
            key = (sample.order_id.id, sample.type_id.id)
            if key not in seen:
                seen.add(key)
                latest[sample.order_id.id] = latest.get(sample.order_id.id, self.browse()) | sample
        return latest

    @api.model
    def _missing_approvals(self, orders, stage):
        """What keeps the orders out of the stage: for each sample type
        required at or before it, an order without an approved sample."""
        Stage = self.env['merchandising.stage']
        position = stage._position()
        gates = [(type_id, company_id) for type_id, stage_id, company_id
                 in self.env['merchandising.sample.type']._stage_gates()
                 if Stage.browse(stage_id)._position() <= position]
        if not gates or not orders:
            return []
        types = self.env['merchandising.sample.type'].browse([type_id for type_id, dummy in gates])
        # sudo: the gate must weigh every sample of the order, also those the
        # user may not read; it only tells their reference and state.
        samples = self.sudo().search_fetch(
            [('order_id', 'in', orders.ids), ('type_id', 'in', types.ids), ('state', '!=', 'cancel')],
            ['order_id', 'type_id', 'state', 'name'], order='round desc, id desc')
        approved = {(s.order_id.id, s.type_id.id) for s in samples if s.state == 'approved'}
        latest = {}
        for sample in samples:
            latest.setdefault((sample.order_id.id, sample.type_id.id), sample)
        labels = dict(self._fields['state']._description_selection(self.env))
        problems = []
        for order in orders:
            # The shared types and those of the order's company.
            for sample_type in types.browse([type_id for type_id, company_id in gates
                                             if company_id in (False, order.company_id.id)]):
                if (order.id, sample_type.id) in approved:
                    continue
                sample = latest.get((order.id, sample_type.id))
                if sample:
                    problems.append(self.env._(
                        "%(order)s: the %(type)s sample %(sample)s is %(state)s, not approved by the "
                        "customer (required before '%(stage)s').",
                        order=order.name, type=sample_type.name, sample=sample.name,
                        state=labels[sample.state], stage=sample_type.required_before_stage_id.name))
                else:
                    problems.append(self.env._(
                        "%(order)s: no %(type)s sample yet; one must be approved by the customer "
                        "before '%(stage)s'.",
                        order=order.name, type=sample_type.name,
                        stage=sample_type.required_before_stage_id.name))
        return problems

    @api.model
    def _to_chase(self, today):
        """The samples not sent yet that are late or fall due within their
        company's due-soon window (the chase list's, as for milestones): the
        samples of the daily digest, the longest overdue first."""
        return self.search(expression.AND([
            [('state', 'in', NOT_YET_SENT)],
            self.env['res.company']._merch_due_soon_domain(today, 'date_due')]), order='date_due, name, id')

    def _digest_lines(self, today):
        """{merchandiser id: [SampleDigestLine...]} of the samples, in their
        order: plain data, which the digest e-mail renders without going back
        to the database."""
        lines = defaultdict(list)
        for sample in self.filtered('merchandiser_id'):
            lines[sample.merchandiser_id.id].append(SampleDigestLine(
                sample.name, sample.order_id.name or '', sample.commercial_partner_id.name,
                sample.type_id.name, sample.date_due, max(0, (today - sample.date_due).days)))
        return lines

    # --- the customer's side -----------------------------------------------------------

    def _portal_photos(self):
        """The pictures attached to the sample, shown to the customer."""
        self.ensure_one()
        # sudo: portal users may not read attachments of internal models; the
        # caller (the portal controller) has already checked the sample by
        # record rule or token, and only this sample's images are returned.
        return self.env['ir.attachment'].sudo().search([
            ('res_model', '=', self._name), ('res_id', '=', self.id),
            ('mimetype', '=like', 'image/%')], order='id')

    def _portal_decide(self, decision, comment, partner):
        """The customer's approval or rejection from the portal: one message in
        the chatter, in the customer's name, notifying the followers (the
        merchandiser first)."""
        self.ensure_one()
        comment = (comment or '').strip()
        # No tracking line: the message below says it, in the customer's name.
        sample = self.with_context(mail_notrack=True)
        if decision == 'approve':
            sample.action_approve(comment=comment or None)
            headline = self.env._('Approved by the customer')
        else:
            sample.action_reject(comment=comment or None)
            headline = self.env._('Rejected by the customer')
        body = Markup('<p><strong>%s</strong></p>%s') % (headline, plaintext2html(comment) if comment else '')
        self.message_post(body=body, author_id=partner.id, message_type='comment',
                          subtype_xmlid='merchandising.mt_sample_decided')

    # --- chatter -----------------------------------------------------------------------

    def _track_subtype(self, init_values):
        self.ensure_one()
        if 'state' in init_values and self.state in DECISIONS:
            return self.env.ref('merchandising.mt_sample_decided')
        return super()._track_subtype(init_values)
