from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import computing_the_waiting
from ..network import plan_order

HEALTH = [
    ('on_track', 'On Track'),
    ('at_risk', 'At Risk'),
    ('late', 'Forecast Late'),
]


class SaleOrder(models.Model):
    """The order's Time & Action plan (生产跟单): when the goods must leave the
    factory, the milestones planned back from that date, and what their
    delays make of the ship date.

    The plan is made when the order is confirmed (``_merch_confirmation_values``),
    from the most specific T&A template; its planned dates are the approved
    baseline, moved only by ``action_replan``. The forecast is the milestone
    model's (``merchandising.milestone._plan_forecasts``); the order stores
    the last milestone's, with its health, for filters and grouping."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    ex_factory_date = fields.Date(
        'Ex-factory Date', copy=False, tracking=True,
        compute='_compute_ex_factory_date', store=True, readonly=False, precompute=True,
        help="The date the goods must leave the factory to ship on time: the T&A plan "
             "counts back from it. Defaults to the delivery date less the company's "
             "transit buffer.")
    merch_milestone_ids = fields.One2many(
        'merchandising.milestone', 'order_id', 'T&A Plan', copy=False)
    merch_template_id = fields.Many2one(
        'merchandising.milestone.template', 'T&A Template', copy=False, readonly=True,
        help="The Time & Action template the plan was made from.")
    forecast_ship_date = fields.Date(
        compute='_compute_merch_forecast', store=True,
        help="When the last milestone of the T&A plan will really happen, with the "
             "delays of the critical path.")
    delay_days = fields.Integer(
        'Forecast Delay (days)', compute='_compute_merch_forecast', store=True,
        help="Days the forecast ship date is behind the plan.")
    merch_health = fields.Selection(
        HEALTH, 'Health', compute='_compute_merch_forecast', store=True, index=True,
        help="On track: ships as planned. At risk: the forecast slips by no more than the "
             "company's at-risk margin. Forecast late: it slips by more.")
    merch_is_late = fields.Boolean(
        'Past Ex-factory', compute='_compute_merch_is_late',
        help="The ex-factory date has passed and the order is not in a closing stage.")

    # --- dates -------------------------------------------------------------------

    @api.depends('commitment_date')
    def _compute_ex_factory_date(self):
        # Filled from the delivery date while empty; afterwards it is the
        # merchandiser's (and the plan's).
        for order in self:
            order.ex_factory_date = order.ex_factory_date or order._merch_ex_factory_from_commitment()

    def _merch_ex_factory_from_commitment(self):
        """The delivery date promised to the customer less the transit time."""
        self.ensure_one()
        if not self.commitment_date:
            return False
        delivery = fields.Date.context_today(self, self.commitment_date)
        return delivery - timedelta(days=self.company_id.merch_transit_days)

    def _merch_default_ex_factory_date(self):
        """The ex-factory date a plan counts from when the order has none: from
        the promised delivery date, else the date sale expects to ship (from
        the lines' lead times)."""
        self.ensure_one()
        if self.commitment_date:
            return self._merch_ex_factory_from_commitment()
        return self.expected_date and fields.Date.context_today(self, self.expected_date)

    @api.depends('ex_factory_date', 'state', 'merch_stage_id.is_closed')
    @api.depends_context('tz')
    def _compute_merch_is_late(self):
        today = fields.Date.context_today(self)
        for order in self:
            order.merch_is_late = bool(
                order.ex_factory_date and order.ex_factory_date < today
                and order.state != 'cancel' and not order.merch_stage_id.is_closed)

    # --- the forecast --------------------------------------------------------------

    @api.depends('merch_milestone_ids.forecast_date', 'merch_milestone_ids.delay_days',
                 'merch_milestone_ids.sequence', 'company_id.merch_at_risk_days')
    def _compute_merch_forecast(self):
        # The shipment is the plan's last milestone with a forecast (a skipped
        # one has none): its stored forecast, not a second walk of the plan;
        # the milestones of all the orders waiting for it read together.
        with computing_the_waiting(self, 'forecast_ship_date') as todo:
            saved = todo.browse([id_ for id_ in todo._ids if isinstance(id_, int)])
            saved.fetch(['forecast_ship_date', 'delay_days', 'merch_health'])   # what they were
            milestones = self.env['merchandising.milestone'].search_fetch(
                [('order_id', 'in', saved.ids)], ['order_id', 'forecast_date', 'delay_days', 'sequence'])
            milestones |= (todo - saved).merch_milestone_ids   # an order's form: its plan as edited
            last = {}
            for milestone in milestones.filtered('forecast_date').sorted(plan_order):
                last[milestone.order_id] = (milestone.forecast_date, milestone.delay_days)
            for order in todo:
                values = order._merch_forecast_values(last.get(order))
                if isinstance(order.id, int):   # only what changed is written
                    values = {name: value for name, value in values.items() if order[name] != value}
                order.update(values)

    def _merch_forecast_values(self, shipment):
        """The forecast ship date, delay and health of the order from its last
        milestone's (forecast, delay), or nothing without a plan."""
        self.ensure_one()
        if not shipment:
            return {'forecast_ship_date': False, 'delay_days': 0, 'merch_health': False}
        forecast, delay = shipment
        if delay <= 0:
            health = 'on_track'
        elif delay <= self.company_id.merch_at_risk_days:
            health = 'at_risk'
        else:
            health = 'late'
        return {'forecast_ship_date': forecast, 'delay_days': delay, 'merch_health': health}

    # --- planning ----------------------------------------------------------------

    def _merch_prepare_plan(self, match=None):
        """(template, ex-factory date, [(template line, planned date)]) of the
        order's plan: its template (the one it was planned from, else the best
        match, given or found now) counted back from its ex-factory date (or
        the default one); a UserError saying what is missing, before anything
        is written."""
        self.ensure_one()
        template = self.merch_template_id or match or self.env['merchandising.milestone.template']._match(self)
        if not template:
            raise UserError(self.env._(
                "%(order)s: no T&A template applies to this order. Create one in "
                "Merchandising › Configuration › T&A Templates.", order=self.name))
        ex_factory_date = self.ex_factory_date or self._merch_default_ex_factory_date()
        return template, ex_factory_date, template._planned_lines(self, ex_factory_date)

    def _merch_plan(self, keep_revised=True, reason=None):
        """Plan (or re-plan) the order's milestones and return what to write
        on the order: its template and ex-factory date. Done milestones keep
        their dates and notes; open ones get their new planned date and,
        unless told otherwise, keep the date the factory promised; each moved
        date is a revision with ``reason`` ({'reason_id', 'note'})."""
        self.ensure_one()
        template, ex_factory_date, planned = self._merch_prepare_plan()
        existing = {milestone.template_line_id: milestone
                    for milestone in self.merch_milestone_ids if milestone.template_line_id}
        new, moved = [], {}
        for line, planned_date in planned:
            milestone = existing.get(line)
            if not milestone:
                new.append(dict(line._milestone_values(self), planned_date=planned_date))
            elif milestone.state != 'done':
                moved[milestone] = planned_date
        Milestone = self.env['merchandising.milestone']
        Milestone._replan(moved, reason or {}, keep_revised=keep_revised)
        Milestone._create_plans(new)
        return {'merch_template_id': template.id, 'ex_factory_date': ex_factory_date}

    def action_merch_apply_plan(self):
        """Make the T&A plan of orders that have none yet (confirming makes it
        too, when it can)."""
        for order in self:
            if order.merch_milestone_ids:
                raise UserError(self.env._(
                    "%(order)s already has its T&A plan. To move its planned dates, re-plan it "
                    "and say why.", order=order.name))
            order.write(order._merch_plan())
        return True

    def action_replan(self, reason, keep_revised=True, note=False):
        """Plan the T&A again from the ex-factory date (after it moved): the
        one way to move the planned dates, the baseline of every delay. For a
        merchandising manager or the order's merchandiser, with a reason (a
        ``merchandising.delay.reason``) and a note: each moved date is a
        revision, and the order's chatter says who re-planned, when and why."""
        reason = self.env['merchandising.delay.reason'].browse(
            reason.id if isinstance(reason, models.BaseModel) else reason or [])
        if not reason:
            raise UserError(self.env._(
                "Say why the T&A plan of %(orders)s changes: choose the Reason (it stays with every "
                "moved date and in the order's chatter).", orders=', '.join(self.mapped('name'))))
        is_manager = self.env.user.has_group('merchandising.group_merchandising_manager')
        for order in self:
            if not is_manager and order.merchandiser_id != self.env.user:
                raise AccessError(self.env._(
                    "%(order)s: only its merchandiser (%(merchandiser)s) or a merchandising manager may "
                    "re-plan its T&A.", order=order.name, merchandiser=order.merchandiser_id.name or '-'))
        why = reason.name + (' — %s' % note.strip() if note and note.strip() else '')
        for order in self:
            if not order.merch_milestone_ids:
                raise UserError(self.env._("%(order)s has no T&A plan yet: apply one first.", order=order.name))
            order.write(order._merch_plan(keep_revised=keep_revised,
                                          reason={'reason_id': reason.id, 'note': note or False}))
            kept = (self.env._("promised dates kept") if keep_revised
                    else self.env._("promised dates cleared"))
            # Who and when: the message's author and date.
            order.message_post(body=Markup("<p>%s</p><p>%s</p>") % (
                self.env._("T&A re-planned from the ex-factory date %(date)s (%(kept)s).",
                           date=order.ex_factory_date, kept=kept),
                self.env._("Reason: %(reason)s", reason=why)))
        return True

    def _merch_confirmation_values(self):
        """A newly confirmed order without a plan gets one, made now; the
        order's template and ex-factory date go with the confirmation's write."""
        values = super()._merch_confirmation_values()
        new_milestones = []
        # sudo: the plan is made for whoever confirms, a salesperson too, who
        # may not create milestones; the template is matched on the order's
        # customer, products and company. The order is written in the user's name.
        unplanned = self.sudo().filtered(lambda order: not order.merch_milestone_ids)
        matches = self.env['merchandising.milestone.template'].sudo()._match_orders(
            unplanned.filtered(lambda order: not order.merch_template_id))
        for order in unplanned:
            try:
                template, ex_factory_date, planned = order._merch_prepare_plan(matches.get(order))
            except UserError as error:
                # Confirming must not fail for want of a plan: say why there is none.
                order.with_env(self.env).message_post(
                    body=self.env._("No T&A plan yet: %(reason)s", reason=error.args[0]))
                continue
            new_milestones += [dict(line._milestone_values(order), planned_date=planned_date)
                               for line, planned_date in planned]
            values[order.id].update(merch_template_id=template.id, ex_factory_date=ex_factory_date)
        # sudo: see above: the plan is made for whoever confirms.
        self.env['merchandising.milestone'].sudo()._create_plans(new_milestones)
        return values
