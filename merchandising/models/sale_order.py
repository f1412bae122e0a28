from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """The export order the merchandiser follows: its follow-up stage, who
    follows it, and when it must leave the factory.

    Every stage change — kanban drag and drop, statusbar, import, API,
    confirmation — goes through ``write``, which asks the gates of
    ``_merch_stage_gates`` first and logs the change in the stage history.
    """

    _inherit = 'sale.order'

    merch_stage_id = fields.Many2one(
        'merchandising.stage', 'Follow-up Stage', index=True, copy=False,
        ondelete='restrict', track_visibility='onchange',
        default=lambda self: self._default_merch_stage(),
        group_expand='_read_group_merch_stage_ids',
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Where the order stands in the merchandiser's follow-up, from "
             "enquiry to closed.")
    merchandiser_id = fields.Many2one(
        'res.users', 'Merchandiser', index=True, track_visibility='onchange',
        domain=[('share', '=', False)],
        help="The merchandiser (跟单员) who follows the order until it ships. "
             "Defaults to the salesperson.")
    merch_stage_date = fields.Datetime(
        'In Stage Since', readonly=True, copy=False,
        default=fields.Datetime.now)
    merch_days_in_stage = fields.Integer(
        'Days in Stage', compute='_compute_merch_days_in_stage')
    merch_stage_history_ids = fields.One2many(
        'merchandising.stage.history', 'order_id', 'Stage History',
        readonly=True, copy=False)
    key_customer = fields.Boolean(
        related='partner_id.commercial_partner_id.key_customer',
        store=True, readonly=True,
        help="The customer is a key customer (重点客户): serve first.")
    ex_factory_date = fields.Date(
        'Ex-factory Date', copy=False, track_visibility='onchange',
        help="The date the goods must leave the factory to ship on time.")
    merch_sample_ids = fields.One2many('merchandising.sample', 'order_id', 'Samples')
    merch_sample_count = fields.Integer('Sample Count', compute='_compute_merch_samples')
    merch_latest_sample_ids = fields.Many2many(
        'merchandising.sample', string='Latest Samples', compute='_compute_merch_samples',
        help="The latest round of each type of sample of the order.")
    merch_samples_pending_count = fields.Integer(
        'Samples Awaiting Approval', compute='_compute_merch_samples',
        help="Samples whose latest round still waits for the customer's approval.")
    merch_milestone_ids = fields.One2many('merchandising.milestone', 'order_id', 'T&A Plan')
    merch_template_id = fields.Many2one(
        'merchandising.milestone.template', 'T&A Template', copy=False, readonly=True,
        help="The Time & Action template the plan was made from.")
    forecast_ship_date = fields.Date(
        'Forecast Ship Date', compute='_compute_merch_forecast', store=True,
        help="When the last milestone of the T&A plan will really happen, with the "
             "delays of the critical path.")
    delay_days = fields.Integer(
        'Forecast Delay (days)', compute='_compute_merch_forecast', store=True,
        help="Days the forecast ship date is behind the plan.")
    merch_health = fields.Selection(
        [('on_track', 'On Track'), ('at_risk', 'At Risk'), ('late', 'Late')], 'Health',
        compute='_compute_merch_forecast', store=True, index=True,
        help="On track: ships as planned. At risk: the forecast slips by no more than the "
             "company's at-risk days. Late: it slips by more.")
    merch_is_late = fields.Boolean(
        'Late', compute='_compute_merch_is_late',
        help="The ex-factory date has passed and the order is not in a "
             "closing stage.")

    def _default_merch_stage(self):
        company_id = self.env.context.get('force_company') or self.env.user.company_id.id
        return self.env['merchandising.stage'].search(
            [('company_id', 'in', [False, company_id])], limit=1)

    @api.model
    def _read_group_merch_stage_ids(self, stages, domain, order):
        # Show every stage as a kanban column, even the empty ones.
        return stages.search([], order=order)

    @api.depends('merch_stage_date')
    def _compute_merch_days_in_stage(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        for order in self:
            if order.merch_stage_date:
                since = fields.Date.from_string(fields.Date.context_today(
                    self, fields.Datetime.from_string(order.merch_stage_date)))
                order.merch_days_in_stage = (today - since).days
            else:
                order.merch_days_in_stage = 0

    @api.depends('ex_factory_date', 'merch_stage_id.is_closed', 'state')
    def _compute_merch_is_late(self):
        today = fields.Date.context_today(self)
        for order in self:
            order.merch_is_late = bool(
                order.ex_factory_date and order.ex_factory_date < today
                and order.state != 'cancel' and not order.merch_stage_id.is_closed)

    @api.depends('merch_sample_ids.state', 'merch_sample_ids.round')
    def _compute_merch_samples(self):
        latest = self.env['merchandising.sample']._latest_rounds(self)
        for order in self:
            samples = latest.get(order.id, self.env['merchandising.sample'])
            order.merch_latest_sample_ids = samples
            order.merch_samples_pending_count = len(samples.filtered(
                lambda sample: sample.needs_approval and sample.state not in ('approved', 'cancel')))
            order.merch_sample_count = len(order.merch_sample_ids)

    @api.multi
    def action_view_merch_samples(self):
        action = self.env.ref('merchandising.action_merchandising_sample').read()[0]
        action['domain'] = [('order_id', 'in', self.ids)]
        action['context'] = {'default_order_id': self.id}
        return action

    @api.depends('merch_milestone_ids.planned_date', 'merch_milestone_ids.revised_date',
                 'merch_milestone_ids.actual_date', 'merch_milestone_ids.state',
                 'merch_milestone_ids.is_critical', 'merch_milestone_ids.sequence')
    def _compute_merch_forecast(self):
        dummy, shipments = self.env['merchandising.milestone']._forecasts(self)
        for order in self:
            if order.id not in shipments:
                order.forecast_ship_date, order.delay_days, order.merch_health = False, 0, False
                continue
            order.forecast_ship_date, order.delay_days = shipments[order.id]
            if order.delay_days <= 0:
                order.merch_health = 'on_track'
            elif order.delay_days <= order.company_id.merch_at_risk_days:
                order.merch_health = 'at_risk'
            else:
                order.merch_health = 'late'

    @api.onchange('requested_date', 'commitment_date')
    def _onchange_merch_ex_factory_date(self):
        if not self.ex_factory_date:
            self.ex_factory_date = self._merch_default_ex_factory_date()

    def _merch_default_ex_factory_date(self):
        """The customer's requested date less the transit time, else the
        commitment date."""
        if self.requested_date:
            requested = fields.Date.from_string(self.requested_date[:10])
            return fields.Date.to_string(requested - timedelta(days=self.company_id.merch_transit_days))
        return self.commitment_date and self.commitment_date[:10] or False

    @api.multi
    def action_merch_apply_plan(self):
        """Plan the T&A again (after the ex-factory date moved): keeps what is
        done and the dates the factory promised."""
        for order in self:
            order._merch_apply_plan(keep_revised=True)
        return True

    @api.multi
    def action_merch_apply_plan_reset(self):
        """Plan the T&A again and forget the promised (revised) dates."""
        for order in self:
            order._merch_apply_plan(keep_revised=False)
        return True

    def _merch_apply_plan(self, keep_revised=True):
        self.ensure_one()
        template = self.merch_template_id or self.env['merchandising.milestone.template']._match(self)
        if not template:
            raise UserError(_("%s: no T&A template applies to this order. Create one in "
                              "Merchandising › Configuration › T&A Templates.") % self.name)
        if not self.ex_factory_date:
            self.ex_factory_date = self._merch_default_ex_factory_date()
        template._apply(self, keep_revised=keep_revised)

    def _merch_plan_on_confirmation(self):
        # sudo: the plan is made for whoever confirms, a salesperson too, who
        # may not write milestones; the template is matched on the order's company.
        for order in self.sudo().filtered(lambda o: not o.merch_milestone_ids):
            try:
                with self.env.cr.savepoint():
                    order._merch_apply_plan()
            except UserError as error:
                # Confirming must not fail for want of a plan: say why there is none.
                order.message_post(body=_("No T&A plan yet: %s") % error.name)

    @api.onchange('user_id')
    def _onchange_user_id_merchandiser(self):
        if self.user_id and not self.merchandiser_id:
            self.merchandiser_id = self.user_id

    # --- stage changes -----------------------------------------------------

    @api.model
    def create(self, vals):
        if not vals.get('merchandiser_id'):
            vals['merchandiser_id'] = (vals['user_id'] if 'user_id' in vals
                                       else self.default_get(['user_id']).get('user_id'))
        with_history = bool(vals.get('merch_stage_history_ids'))
        order = super(SaleOrder, self).create(vals)
        # The merchandiser follows the order like the salesperson, to get its
        # messages. (Not through mail's auto-subscribe fields: their "assigned
        # to you" mail greets the salesperson, user_id.)
        order.message_subscribe_users(user_ids=order.merchandiser_id.ids)
        if order.merch_stage_id:
            order._merch_check_stage_gates(order.merch_stage_id)
            if not with_history:
                order._merch_log_stage_change(order.merch_stage_id, order.merch_stage_date)
        return order

    @api.multi
    def write(self, vals):
        if vals.get('merchandiser_id'):
            self.message_subscribe_users(user_ids=[vals['merchandiser_id']])
        if not vals.get('merch_stage_id'):
            return super(SaleOrder, self).write(vals)
        stage = self.env['merchandising.stage'].browse(vals['merch_stage_id'])
        moving = self.filtered(lambda order: order.merch_stage_id != stage)
        moving._merch_check_stage_gates(stage)
        now = fields.Datetime.now()
        res = super(SaleOrder, self - moving).write(vals)
        if moving:
            res = super(SaleOrder, moving).write(dict(vals, merch_stage_date=now)) and res
            moving._merch_log_stage_change(stage, now)
        return res

    @api.multi
    def action_merch_set_stage(self, stage_id):
        """Move the orders to a follow-up stage (for buttons and scripts)."""
        return self.write({'merch_stage_id': stage_id})

    def _merch_stage_gates(self):
        """The conditions an order must meet to enter a stage, in one place.

        Each gate is called on the orders that move and the target stage and
        returns the list of what is missing, one message per problem; later
        capabilities (samples approved, customs released) add their own.
        """
        return [self._merch_gate_confirmed_before_closing,
                self._merch_gate_samples_approved]

    def _merch_gate_confirmed_before_closing(self, stage):
        if not stage.is_closed:
            return []
        return [_("%s is still a quotation: confirm it before moving it to "
                  "the closing stage '%s'.") % (order.name, stage.name)
                for order in self if order.state in ('draft', 'sent')]

    def _merch_gate_samples_approved(self, stage):
        return self.env['merchandising.sample']._missing_approvals(self, stage)

    def _merch_check_stage_gates(self, stage):
        problems = []
        for gate in self._merch_stage_gates():
            problems += gate(stage)
        if problems:
            raise UserError(_("The follow-up stage cannot be changed to '%s':\n%s")
                            % (stage.name, '\n'.join(problems)))

    def _merch_log_stage_change(self, stage, when):
        # The history is read-only for users, so that it stays a faithful log:
        # only stage changes write it, with sudo, in the name of the user.
        history = self.env['merchandising.stage.history'].sudo()
        history.search([('order_id', 'in', self.ids), ('date_out', '=', False)]).write({'date_out': when})
        for order in self:
            history.create({'order_id': order.id, 'stage_id': stage.id,
                            'date_in': when, 'user_id': self.env.uid})

    @api.multi
    def action_confirm(self):
        res = super(SaleOrder, self).action_confirm()
        self._merch_move_to_confirmation_stage()
        self._merch_plan_on_confirmation()
        return res

    def _merch_move_to_confirmation_stage(self):
        for company in self.mapped('company_id'):
            stage = self.env['merchandising.stage'].search(
                [('is_confirmation_stage', '=', True), ('company_id', 'in', [False, company.id])], limit=1)
            if not stage:
                continue
            earlier = self.filtered(lambda order: order.company_id == company and (
                not order.merch_stage_id
                or (order.merch_stage_id.sequence, order.merch_stage_id.id) < (stage.sequence, stage.id)))
            earlier.write({'merch_stage_id': stage.id})

    # --- chatter -------------------------------------------------------------

    @api.multi
    def _track_subtype(self, init_values):
        self.ensure_one()
        if 'merch_stage_id' in init_values and 'state' not in init_values:
            return 'merchandising.mt_order_merch_stage'
        return super(SaleOrder, self)._track_subtype(init_values)

    @api.multi
    def _track_template(self, tracking):
        res = super(SaleOrder, self)._track_template(tracking)
        order = self[0]
        changes, dummy = tracking[order.id]
        template = order.merch_stage_id.mail_template_id
        if 'merch_stage_id' in changes and template:
            res['merch_stage_id'] = (template, {'composition_mode': 'mass_mail'})
        return res
