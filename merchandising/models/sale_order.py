import re
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import create_in_one_insert, lock_rows_nowait

# The customs clearance of an export order, in the only order it happens.
CUSTOMS_STATES = [
    ('none', 'Not Started'),
    ('prepared', 'Prepared'),
    ('declared', 'Declared'),
    ('released', 'Released'),
    ('closed', 'Closed'),
]
CUSTOMS_STEP_DATES = {
    'prepared': 'merch_customs_prepared_date',
    'declared': 'merch_declaration_date',
    'released': 'merch_customs_released_date',
    'closed': 'merch_customs_closed_date',
}
BRAND_TYPES = [
    ('0', 'No brand'),
    ('1', 'Own domestic brand'),
    ('2', 'Acquired domestic brand'),
    ('3', 'Foreign brand (OEM)'),
    ('4', 'Foreign brand (other)'),
]
EXPORT_PREFERENCES = [
    ('0', 'No preferential tariff at destination'),
    ('1', 'Preferential tariff at destination'),
    ('2', 'Cannot be determined'),
]
TRANSPORT_MODES = [
    ('sea', 'Sea'),
    ('air', 'Air'),
    ('rail', 'Rail'),
    ('road', 'Road'),
    ('express', 'Express'),
]
# What a merchandiser may no longer change once the order has shipped: what
# the declaration, the invoice and the packing list said. The voyage goes on
# (ETA, ATD, B/L, documents arriving, customs closing) and stays editable.
CUSTOMS_FIELDS = (
    'merch_declaration_no', 'merch_trade_mode_id', 'merch_brand_type', 'merch_export_preference',
    'merch_export_licence', 'merch_transport_mode', 'merch_port_loading', 'merch_port_discharge',
    'merch_destination_country_id', 'merch_forwarder_id', 'merch_booking_no', 'merch_container_ids',
    'merch_shipping_marks', 'merch_packages', 'merch_gross_weight', 'merch_net_weight', 'merch_volume',
)


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

    # --- customs and shipping (报关, 装运) ---------------------------------------
    merch_customs_state = fields.Selection(
        CUSTOMS_STATES, 'Customs Status', default='none', required=True, copy=False,
        track_visibility='onchange',
        help="Prepared (预录入), declared (申报), released (放行), closed (结关): each step "
             "follows the one before; a manager may reset it.")
    merch_customs_prepared_date = fields.Date('Prepared On', copy=False)
    merch_declaration_date = fields.Date('Declaration Date', copy=False)
    merch_customs_released_date = fields.Date('Released On', copy=False)
    merch_customs_closed_date = fields.Date('Customs Closed On', copy=False)
    merch_declaration_no = fields.Char(
        'Declaration Number', copy=False, track_visibility='onchange',
        help="The 18-digit number of the customs declaration (报关单号).")
    merch_trade_mode_id = fields.Many2one(
        'merchandising.trade.mode', 'Trade Mode',
        default=lambda self: self.env.ref('merchandising.trade_mode_0110', raise_if_not_found=False),
        help="监管方式: 0110 for general trade.")
    merch_brand_type = fields.Selection(
        BRAND_TYPES, 'Brand Type', help="品牌类型, mandatory on the declaration since 2018.")
    merch_export_preference = fields.Selection(
        EXPORT_PREFERENCES, 'Export Preference',
        help="出口享惠情况: whether the goods enjoy a preferential tariff at destination.")
    merch_transport_mode = fields.Selection(TRANSPORT_MODES, 'Transport Mode', default='sea')
    merch_port_loading = fields.Char('Port of Loading')
    merch_port_discharge = fields.Char('Port of Discharge')
    merch_destination_country_id = fields.Many2one('res.country', 'Destination Country')
    merch_forwarder_id = fields.Many2one('res.partner', 'Forwarder')
    merch_vessel = fields.Char('Vessel / Voyage or Flight')
    merch_booking_no = fields.Char('Booking Number', copy=False)
    merch_container_ids = fields.One2many('merchandising.container', 'order_id', 'Containers', copy=False)
    merch_bl_number = fields.Char('B/L or AWB Number', copy=False)
    merch_etd = fields.Date('ETD', copy=False, help="Estimated time of departure.")
    merch_eta = fields.Date('ETA', copy=False, help="Estimated time of arrival.")
    merch_atd = fields.Date('ATD', copy=False, help="Actual time of departure.")
    merch_shipping_marks = fields.Text(
        'Shipping Marks', help="唛头: what is printed on every carton. Defaults from the customer.")
    merch_export_licence = fields.Char('Export Licence Number')
    merch_packages = fields.Integer('Packages', copy=False)
    merch_gross_weight = fields.Float('Gross Weight (kg)', digits=(16, 2), copy=False)
    merch_net_weight = fields.Float('Net Weight (kg)', digits=(16, 2), copy=False)
    merch_volume = fields.Float('Volume (m³)', digits=(16, 3), copy=False)
    merch_document_ids = fields.One2many('merchandising.shipping.document', 'order_id', 'Documents', copy=False)
    merch_ship_date = fields.Date(
        'Actual Ship Date', copy=False, readonly=True, track_visibility='onchange',
        help="The day the last delivery of the order left the warehouse.")
    merch_is_shipped = fields.Boolean(
        'Shipped', compute='_compute_merch_is_shipped',
        help="The order is in a closing stage: its customs data are frozen for merchandisers.")

    def _default_merch_stage(self):
        company_id = self.env.context.get('force_company') or self.env.user.company_id.id
        return self.env['merchandising.stage'].search(
            [('company_id', 'in', [False, company_id])], limit=1)

    @api.model
    def _read_group_merch_stage_ids(self, stages, domain, order):
        # Show every stage as a kanban column, even the empty ones.
        return stages.search([], order=order)

    @api.model
    def _search_follower_partners(self, operator, operand):
        # The merchandisers' record rule asks "does the user follow the order?"
        # on every search and read of orders. Mail answers with the ids of every
        # order the user follows, read into Python and sent back (thousands for
        # a merchandiser, three queries each time); a sub-select answers in the
        # query itself.
        partner_ids = operand if isinstance(operand, (list, tuple)) else [operand]
        if operator not in ('=', 'in') or not partner_ids or not all(
                isinstance(partner_id, int) and not isinstance(partner_id, bool) for partner_id in partner_ids):
            return super(SaleOrder, self)._search_follower_partners(operator, operand)
        return [('id', 'inselect', (
            "SELECT res_id FROM mail_followers WHERE res_model = %s AND partner_id IN %s",
            [self._name, tuple(partner_ids)]))]

    @api.multi
    def read(self, fields=None, load='_classic_read'):
        if fields and 'currency_id' in fields and len(self) > 1:
            # Sale's currency is related to the pricelist, and related fields
            # are computed as the superuser, in a cache of their own: without
            # the pricelist there, Odoo 11 reads every column of every order of
            # the list or kanban column to find it. Read that one column first.
            self.sudo().read(['pricelist_id'], load='_classic_write')
        return super(SaleOrder, self).read(fields, load=load)

    @api.depends('activity_ids.state')
    def _compute_activity_state(self):
        # Mail computes the state of each activity alone, one query per
        # activity of the cards shown: read their deadlines and users at once.
        self.mapped('activity_ids').read(['date_deadline', 'user_id'])
        return super(SaleOrder, self)._compute_activity_state()

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
        # A read of the one column: the job recomputes thousands of orders,
        # and going through order.company_id would prefetch all their columns.
        companies = {row['id']: row['company_id'] for row in self.filtered('id').read(
            ['company_id'], load='_classic_write')} if self.ids else {}
        at_risk = self._merch_at_risk_days(set(companies.values()))
        for order in self:
            company_id = companies.get(order.id) or order.company_id.id
            values = self._merch_forecast_values(shipments.get(order.id), at_risk.get(company_id, 0))
            for name, value in values.items():
                order[name] = value

    @api.model
    def _merch_at_risk_days(self, company_ids):
        """{company id: its at-risk margin in days}."""
        # sudo: the margin of the order's company, whoever reads the order;
        # only a number of days is read.
        companies = self.env['res.company'].sudo().browse(company_ids)
        return {row['id']: row['merch_at_risk_days'] for row in companies.read(['merch_at_risk_days'])}

    @api.model
    def _merch_forecast_values(self, shipment, at_risk_days):
        """The forecast ship date, delay and health of an order, from its last
        milestone's (forecast, delay) and its company's at-risk margin, or
        nothing without a plan."""
        if not shipment:
            return {'forecast_ship_date': False, 'delay_days': 0, 'merch_health': False}
        forecast, delay = shipment
        if delay <= 0:
            health = 'on_track'
        elif delay <= at_risk_days:
            health = 'at_risk'
        else:
            health = 'late'
        return {'forecast_ship_date': forecast, 'delay_days': delay, 'merch_health': health}

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
        self.write(self._merch_plan(keep_revised=keep_revised))

    def _merch_plan(self, keep_revised=True):
        """Plan the order's milestones from its template (the one it was
        planned from, else the best match) and return the template and the
        ex-factory date (the default one when the order had none) for the
        caller to write on the order."""
        self.ensure_one()
        template = self.merch_template_id or self.env['merchandising.milestone.template']._match(self)
        if not template:
            raise UserError(_("%s: no T&A template applies to this order. Create one in "
                              "Merchandising › Configuration › T&A Templates.") % self.name)
        ex_factory_date = self.ex_factory_date or self._merch_default_ex_factory_date()
        template._apply(self, ex_factory_date, keep_revised=keep_revised)
        return {'merch_template_id': template.id, 'ex_factory_date': ex_factory_date}

    def _merch_plan_on_confirmation(self):
        """The T&A plan of a newly confirmed order without one, and the values
        it sets on the order; none when no template applies."""
        self.ensure_one()
        # sudo: the plan is made for whoever confirms, a salesperson too, who
        # may not create milestones; the template is matched on the order's
        # company. The values are written on the order in the user's name.
        order = self.sudo()
        if order.merch_milestone_ids:
            return {}
        try:
            with self.env.cr.savepoint():
                return order._merch_plan()
        except UserError as error:
            # Confirming must not fail for want of a plan: say why there is none.
            order.message_post(body=_("No T&A plan yet: %s") % error.name)
            return {}

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
        vals = self._merch_follower_values(self._merch_shipping_defaults(vals))
        order = super(SaleOrder, self).create(vals)
        if order.merch_stage_id:
            order._merch_check_stage_gates(order.merch_stage_id)
            if not with_history:
                order._merch_log_stage_change(order.merch_stage_id, order.merch_stage_date)
            else:
                # An order imported with its history (demo data, a migration):
                # it entered its stage when the open history line began.
                current = order.merch_stage_history_ids.filtered(lambda line: not line.date_out)[:1]
                if current and current.date_in != order.merch_stage_date:
                    super(SaleOrder, order).write({'merch_stage_date': current.date_in})
        return order

    def _merch_follower_values(self, vals):
        """The creation values with the merchandiser as a follower: they get
        the order's messages like the salesperson. (Not through mail's
        auto-subscribe fields: their "assigned to you" mail greets the
        salesperson, user_id.) Subscribed in the creation itself, as mail
        subscribes the creator: a subscription afterwards is one more tracked
        write of the order."""
        partner = self.env['res.users'].browse(vals.get('merchandiser_id')).partner_id
        context = self.env.context
        if not partner or (partner == self.env.user.partner_id and not context.get('tracking_disable')
                           and not context.get('mail_create_nosubscribe')):
            return vals     # mail subscribes the creator
        follow = self.env['mail.followers']._add_follower_command(self._name, [], {partner.id: None}, {})[0]
        return dict(vals, message_follower_ids=(vals.get('message_follower_ids') or []) + follow)

    @api.multi
    def write(self, vals):
        if vals.get('merchandiser_id'):
            self.message_subscribe_users(user_ids=[vals['merchandiser_id']])
        self._merch_check_shipped_edit(vals)
        if vals.get('merch_customs_state') and not self.env.context.get('merch_customs_reset'):
            self._merch_check_customs_transition(vals['merch_customs_state'])
            vals = self._merch_customs_step_dates(vals)
        if vals.get('state') == 'sale':
            return self._merch_write_confirmation(vals)
        if vals.get('merch_stage_id'):
            return self._merch_write_stage(vals)
        return super(SaleOrder, self).write(vals)

    def _merch_write_stage(self, vals):
        """Write, moving the orders whose follow-up stage changes: gates
        first, then the stage date and the history line."""
        if not vals.get('merch_stage_id'):
            return super(SaleOrder, self).write(vals)
        stage = self.env['merchandising.stage'].browse(vals['merch_stage_id'])
        moving = self.filtered(lambda order: order.merch_stage_id != stage)
        lock_rows_nowait(moving)
        moving._merch_check_stage_gates(stage)
        now = fields.Datetime.now()
        res = True
        if self - moving:
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
                self._merch_gate_samples_approved,
                self._merch_gate_customs_data,
                self._merch_gate_customs_release]

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
        # In one INSERT: a line is written on every creation and confirmation.
        create_in_one_insert(history, [{'order_id': order.id, 'stage_id': stage.id, 'date_in': when,
                                        'user_id': self.env.uid} for order in self])

    @api.multi
    def action_confirm(self):
        res = super(SaleOrder, self).action_confirm()
        # After sale_stock's procurement: the deliveries exist now.
        self._merch_prioritise_key_customers()
        return res

    def _merch_write_confirmation(self, vals):
        """The write that confirms quotations (sale's ``_action_confirm``),
        with, for each one, what starts its follow-up: the confirmation stage,
        the T&A plan and the packing figures; its document checklist is listed
        first. All in that one write per order: mail tracks each write of an
        order (reads and compares its tracked fields, checks its followers,
        posts a message), and confirming is the hot path of the sales flow."""
        starting = self.filtered(lambda order: order.state in ('draft', 'sent'))
        res = True
        if self - starting:
            res = (self - starting)._merch_write_stage(vals)
        if not starting:
            return res
        confirming = {name: vals[name] for name in ('state', 'confirmation_date') if name in vals}
        given = {name: value for name, value in vals.items() if name not in confirming}
        if given:
            # An import or a script confirming with other values (a stage, an
            # ex-factory date, packing figures): they are written first, and
            # the follow-up starts from them.
            res = starting._merch_write_stage(given) and res
        starting._merch_add_required_documents()
        stages = starting._merch_confirmation_stages()
        # Plans counted from the confirmation count from this one (the order
        # holds no date yet, or the one of an earlier confirmation).
        planning = starting.with_context(merch_confirmation_date=confirming.get('confirmation_date'))
        for order in planning:
            values = dict(confirming, **order._merch_follow_up_values(stages.get(order.company_id.id)))
            res = order.with_env(self.env)._merch_write_stage(values) and res
        return res

    def _merch_follow_up_values(self, stage):
        """What a confirmed order starts its follow-up with: its T&A plan
        (made now), the confirmation stage unless it is further already, and
        packing figures estimated from its lines unless some were entered."""
        self.ensure_one()
        values = self._merch_plan_on_confirmation()
        if stage and (not self.merch_stage_id or self.merch_stage_id._position() < stage._position()):
            values['merch_stage_id'] = stage.id
        if not (self.merch_packages or self.merch_net_weight or self.merch_volume):
            values.update(self._merch_packing_from_lines())
        return values

    def _merch_confirmation_stages(self):
        """{company id: the stage its orders enter when confirmed}."""
        stages = {}
        for company in self.mapped('company_id'):
            stage = self.env['merchandising.stage'].search(
                [('is_confirmation_stage', '=', True), ('company_id', 'in', [False, company.id])], limit=1)
            if stage:
                stages[company.id] = stage
        return stages

    # --- customs and shipping ------------------------------------------------

    @api.depends('merch_stage_id.is_closed')
    def _compute_merch_is_shipped(self):
        for order in self:
            order.merch_is_shipped = order.merch_stage_id.is_closed

    @api.constrains('merch_declaration_no')
    def _check_merch_declaration_no(self):
        for order in self.filtered('merch_declaration_no'):
            if not re.match(r'^\d{18}$', order.merch_declaration_no):
                raise ValidationError(_(
                    "%s: the Declaration Number %s must have 18 digits (报关单号), e.g. "
                    "310120260518765432.") % (order.name, order.merch_declaration_no))

    @api.constrains('merch_etd', 'merch_eta')
    def _check_merch_eta(self):
        for order in self.filtered(lambda o: o.merch_etd and o.merch_eta):
            if order.merch_eta < order.merch_etd:
                raise ValidationError(_("%s: the ETA %s is before the ETD %s. Correct the ETA or the ETD.") % (
                    order.name, order.merch_eta, order.merch_etd))

    @api.constrains('merch_net_weight', 'merch_gross_weight', 'merch_packages', 'merch_volume')
    def _check_merch_weights(self):
        for order in self:
            if min(order.merch_net_weight, order.merch_gross_weight, order.merch_packages, order.merch_volume) < 0:
                raise ValidationError(_("%s: packages, weights and volume cannot be negative.") % order.name)
            if order.merch_net_weight > order.merch_gross_weight:
                raise ValidationError(_(
                    "%s: the Net Weight (%s kg) is above the Gross Weight (%s kg); the gross weight "
                    "includes the packing. Correct one of them.") % (
                        order.name, order.merch_net_weight, order.merch_gross_weight))

    @api.onchange('partner_id')
    def _onchange_partner_id_merch_shipping(self):
        if self.partner_id:
            self.merch_shipping_marks = self.partner_id.commercial_partner_id.merch_shipping_marks
            self.merch_destination_country_id = (self.partner_shipping_id or self.partner_id).country_id

    def _merch_shipping_defaults(self, vals):
        """What a new order takes from its customer: shipping marks and destination."""
        partner = self.env['res.partner'].browse(vals.get('partner_id'))
        if not partner:
            return vals
        defaults = {}
        if 'merch_shipping_marks' not in vals:
            defaults['merch_shipping_marks'] = partner.commercial_partner_id.merch_shipping_marks
        if 'merch_destination_country_id' not in vals:
            shipping = self.env['res.partner'].browse(vals.get('partner_shipping_id')) or partner
            defaults['merch_destination_country_id'] = shipping.country_id.id
        return dict(defaults, **vals)

    @api.multi
    def action_merch_compute_packing(self):
        """Packages, weights and volume from the order lines' products: net
        weight and volume from the product's weight and volume, packages from
        the line's packaging (or the product's first); the gross weight starts
        at the net weight, for the merchandiser to add the packing."""
        for order in self:
            order.write(order._merch_packing_from_lines())
        return True

    def _merch_packing_from_lines(self):
        self.ensure_one()
        estimates = self._merch_line_estimates()
        net = sum(estimate['net'] for estimate in estimates)
        return {'merch_packages': int(sum(estimate['packages'] for estimate in estimates)),
                'merch_net_weight': net, 'merch_gross_weight': max(net, self.merch_gross_weight),
                'merch_volume': sum(estimate['volume'] for estimate in estimates)}

    def _merch_line_estimates(self):
        """For each line of goods: its packages (from the line's packaging, or
        the product's first), net weight and volume (from the product)."""
        estimates = []
        lines = self._merch_goods_lines()
        lines.mapped('product_id.packaging_ids')    # read for all the lines at once
        for line in lines:
            quantity = line.product_uom._compute_quantity(line.product_uom_qty, line.product_id.uom_id)
            packaging = line.product_packaging or line.product_id.packaging_ids[:1]
            estimates.append({
                'line': line,
                'packages': -(-quantity // packaging.qty) if packaging.qty else 0,
                'net': quantity * line.product_id.weight,
                'volume': quantity * line.product_id.volume,
            })
        return estimates

    def _merch_add_required_documents(self):
        """The documents to collect for each order: those every order needs
        and those its customer asks for, the ones not listed yet."""
        types = self.env['merchandising.document.type'].search([('required_by_default', '=', True)])
        # sudo: listed for whoever confirms, a salesperson too (like the T&A
        # plan); only the order's own checklist lines are created. Created
        # directly, in one INSERT, not through the order: a write of the
        # order is tracked, and this is done on every confirmation.
        create_in_one_insert(self.env['merchandising.shipping.document'].sudo(), [
            {'order_id': order.id, 'type_id': doc_type.id}
            for order in self.sudo()
            for doc_type in (types.filtered(lambda t: not t.company_id or t.company_id == order.company_id)
                             | order.partner_id.commercial_partner_id.merch_document_type_ids)
            - order.merch_document_ids.mapped('type_id')])

    @api.multi
    def action_merch_customs_prepare(self):
        return self._merch_customs_move('prepared')

    @api.multi
    def action_merch_customs_declare(self):
        return self._merch_customs_move('declared')

    @api.multi
    def action_merch_customs_release(self):
        return self._merch_customs_move('released')

    @api.multi
    def action_merch_customs_close(self):
        return self._merch_customs_move('closed')

    def _merch_customs_move(self, state):
        return self.write({'merch_customs_state': state})

    def _merch_check_customs_transition(self, state):
        """Customs steps come one after the other, forward only: refuse a skip
        or a step back (a manager resets with a reason, see the wizard)."""
        steps = [key for key, dummy in CUSTOMS_STATES]
        labels = dict(self._fields['merch_customs_state']._description_selection(self.env))
        for order in self:
            current = steps.index(order.merch_customs_state)
            if steps.index(state) == current:
                continue
            if steps.index(state) != current + 1:
                expected = labels[steps[current + 1]] if current + 1 < len(steps) else None
                raise UserError(_(
                    "%s: the Customs Status cannot go from %s to %s. %s") % (
                        order.name, labels[order.merch_customs_state], labels[state],
                        _("The next step is %s.") % expected if expected else
                        _("Customs are closed; a manager may reset the status.")))
            if state == 'declared' and not order.merch_declaration_no:
                raise UserError(_("%s: enter the Declaration Number (报关单号) before declaring.") % order.name)

    def _merch_customs_step_dates(self, vals):
        """The day of each step, unless given."""
        date_field = CUSTOMS_STEP_DATES.get(vals.get('merch_customs_state'))
        if date_field and not vals.get(date_field):
            vals = dict(vals, **{date_field: fields.Date.context_today(self)})
        return vals

    def _merch_check_shipped_edit(self, vals):
        """Shipped orders keep their customs data; managers may still correct them."""
        if (set(vals) & set(CUSTOMS_FIELDS) and not self.env.context.get('merch_customs_reset')
                and not self.env.user.has_group('merchandising.group_merchandising_manager')):
            shipped = self.filtered('merch_is_shipped')
            if shipped:
                raise UserError(_("%s has shipped: its customs and shipping data can no longer be "
                                  "changed. Ask a merchandising manager.") % shipped[0].name)

    def _merch_gate_customs_data(self, stage):
        """Entering "Booking & customs" (or later): every product that ships
        has an HS code and all its declaration elements."""
        if not self._merch_stage_requires(stage, 'requires_customs_data'):
            return []
        problems = []
        for order in self:
            products = order.order_line.mapped('product_id').filtered(
                lambda p: p.type in ('product', 'consu')).mapped('product_tmpl_id')
            for product in products:
                problem = product._merch_declaration_problem()
                if problem:
                    problems.append('%s: %s' % (order.name, problem))
        return problems

    def _merch_gate_customs_release(self, stage):
        """Entering "Shipped" (or later): customs released, every required
        document received, the goods delivered."""
        if not self._merch_stage_requires(stage, 'requires_customs_release'):
            return []
        problems = []
        labels = dict(self._fields['merch_customs_state']._description_selection(self.env))
        for order in self:
            if order.merch_customs_state not in ('released', 'closed'):
                problems.append(_("%s: customs have not released the goods (Customs Status: %s).") % (
                    order.name, labels[order.merch_customs_state]))
            missing = order.merch_document_ids.filtered(lambda d: d.required and d.state == 'missing')
            if missing:
                problems.append(_("%s: documents not received yet: %s.") % (
                    order.name, ', '.join(missing.mapped('type_id.name'))))
            if not order._merch_delivered():
                problems.append(_("%s: the delivery is not done yet; validate it in Inventory.") % order.name)
        return problems

    def _merch_stage_requires(self, stage, flag):
        """Whether the stage, or one before it, asks for the flag's condition:
        a condition of a stage holds for every later one."""
        return any(required._position() <= stage._position()
                   for required in self.env['merchandising.stage'].search([(flag, '=', True)]))

    def _merch_outgoing_pickings(self):
        self.ensure_one()
        return self.picking_ids.filtered(lambda p: p.picking_type_code == 'outgoing' and p.state != 'cancel')

    def _merch_delivered(self):
        """Shipped as far as stock knows: an actual ship date recorded (by the
        last delivery, or imported with an order shipped before), else every
        outgoing delivery done."""
        self.ensure_one()
        if self.merch_ship_date:
            return True
        pickings = self._merch_outgoing_pickings()
        return bool(pickings) and all(picking.state == 'done' for picking in pickings)

    def _merch_record_ship_date(self):
        """Once the last outgoing delivery is done: the day it left, in the
        user's timezone."""
        # sudo: the warehouse user validating the delivery may not edit sale
        # orders; only the ship date, read from the deliveries, is written.
        for order in self.sudo():
            pickings = order._merch_outgoing_pickings()
            if pickings and all(picking.state == 'done' for picking in pickings):
                last = max(pickings.mapped('date_done'))
                order.merch_ship_date = fields.Date.context_today(order, fields.Datetime.from_string(last))

    def _merch_prioritise_key_customers(self):
        """重点客户优先: the deliveries of a key customer's order are urgent, so
        that reservation serves them first when stock is short."""
        pickings = self.filtered('key_customer').mapped('picking_ids').filtered(
            lambda p: p.state not in ('done', 'cancel'))
        if pickings:
            pickings.write({'priority': '2'})

    # --- export documents ----------------------------------------------------

    def _merch_goods_lines(self):
        """The lines that ship (not services, not empty)."""
        return self.order_line.filtered(lambda l: l.product_id.type in ('product', 'consu') and l.product_uom_qty)

    def _merch_incoterm_place(self):
        """The incoterm with its named place: the port of loading for the
        terms where the seller's part ends there (EXW, FCA, FAS, FOB), else
        the port of discharge (CFR, CIF, DAP...)."""
        self.ensure_one()
        if not self.incoterm:
            return ''
        place = self.merch_port_loading if self.incoterm.code in ('EXW', 'FCA', 'FAS', 'FOB') \
            else self.merch_port_discharge
        return '%s %s' % (self.incoterm.code, place or '')

    def _merch_packing_lines(self):
        """One row per order line for the packing list: quantity, packages,
        net and gross weight, volume. The order's figures (as the merchandiser
        set them) are shared out in proportion to each line's weight, volume
        and packages from its product, so that the rows add up to the order
        exactly."""
        self.ensure_one()
        estimates = self._merch_line_estimates()
        for estimate in estimates:
            estimate['quantity'] = estimate['line'].product_uom_qty
        shares = {
            'packages': self._merch_share(self.merch_packages, [e['packages'] or e['quantity'] for e in estimates], 0),
            'net': self._merch_share(self.merch_net_weight, [e['net'] or e['quantity'] for e in estimates], 2),
            'gross': self._merch_share(self.merch_gross_weight, [e['net'] or e['quantity'] for e in estimates], 2),
            'volume': self._merch_share(self.merch_volume, [e['volume'] or e['quantity'] for e in estimates], 3),
        }
        return [{'line': estimate['line'], 'packages': int(shares['packages'][index]), 'net': shares['net'][index],
                 'gross': shares['gross'][index], 'volume': shares['volume'][index]}
                for index, estimate in enumerate(estimates)]

    @staticmethod
    def _merch_share(total, weights, digits):
        """The total shared out in proportion to the weights, rounded, the
        rounding remainder on the last share: the shares add up to the total."""
        if not weights:
            return []
        if not sum(weights):
            weights = [1] * len(weights)
        shares = [round(total * weight / sum(weights), digits) for weight in weights]
        shares[-1] = round(total - sum(shares[:-1]), digits)
        return shares

    def _merch_customs_lines(self):
        """The lines of the commercial invoice and of the declaration: the
        goods grouped by HS code, with the customs names, the declaration
        elements' values, the quantity (in the sale unit and in the code's
        legal units), the value, the weights and the origin."""
        self.ensure_one()
        groups = {}
        for row in self._merch_packing_lines():
            line = row['line']
            product = line.product_id
            hs_code = product.product_tmpl_id._merch_hs_code()
            group = groups.setdefault(hs_code.id, {
                'hs_code': hs_code, 'products': self.env['product.product'], 'quantity': 0.0,
                'uom': line.product_uom, 'amount': 0.0, 'net': 0.0, 'gross': 0.0, 'packages': 0,
                'origins': self.env['res.country']})
            group['products'] |= product
            group['quantity'] += line.product_uom._compute_quantity(line.product_uom_qty, group['uom'])
            group['amount'] += line.price_subtotal
            group['net'] += row['net']
            group['gross'] += row['gross']
            group['packages'] += row['packages']
            group['origins'] |= product.origin_country_id
        result = []
        for group in groups.values():
            templates = group['products'].mapped('product_tmpl_id')
            group['name_cn'] = group['hs_code'].merch_customs_name or ', '.join(
                filter(None, templates.mapped('merch_customs_name_cn')))
            group['name_en'] = ', '.join(filter(None, templates.mapped('merch_customs_name_en'))) or \
                ', '.join(group['products'].mapped('name'))
            group['elements'] = ' / '.join(template._merch_declaration_text() for template in templates)
            group['customs_quantities'] = [
                (self._merch_customs_quantity(group, uom), uom)
                for uom in (group['hs_code'].merch_customs_uom_id, group['hs_code'].merch_customs_uom2_id) if uom]
            result.append(group)
        return sorted(result, key=lambda group: group['hs_code'].local_code or '')

    def _merch_customs_quantity(self, group, uom):
        """The group's quantity in a legal unit: its net weight for a weight
        unit, else its quantity converted."""
        if uom.category_id == self.env.ref('product.product_uom_categ_kgm'):
            kilogram = self.env.ref('product.product_uom_kgm')
            return kilogram._compute_quantity(group['net'], uom)
        if uom.category_id == group['uom'].category_id:
            return group['uom']._compute_quantity(group['quantity'], uom)
        return group['quantity']

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
