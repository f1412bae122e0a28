from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..network import EMPTY_FORECAST, forecast_network, node_key
from ..tools import computing_the_waiting, guard_lifted, lock_rows_nowait

_lt = LazyTranslate(__name__)

STATES = [
    ('pending', 'Pending'),
    ('late', 'Overdue'),
    ('done', 'Done'),
    ('skipped', 'Skipped'),
]
OPEN_STATES = ('pending', 'late')

# Where a milestone may go from each state. Late and pending swap as dates
# pass and as the factory promises new ones; done and skipped are reopened.
TRANSITIONS = {
    'pending': ('late', 'done', 'skipped'),
    'late': ('pending', 'done', 'skipped'),
    'done': ('pending',),
    'skipped': ('pending',),
}

# What the forecast of a plan reads of its milestones.
FORECAST_INPUTS = ['order_id', 'sequence', 'planned_date', 'revised_date', 'actual_date', 'state', 'duration_days',
                   'partner_id']


class MerchandisingMilestone(models.Model):
    """One line of an order's Time & Action plan (生产跟单): a milestone such as
    "materials in-house" or "final inspection", when it was planned, when the
    factory now promises it, when it really happened, and what its delay does
    to the ship date.

    Here its dates, states and plan, and its forecast: ``_plan_forecasts``
    reads the plans and ``network.forecast_network`` walks each once, giving
    every milestone its forecast and the order its forecast ship date. Its
    other concerns have their own files: the production documents that
    complete it (``_documents``), the factory's portal (``_portal``), the
    samples that complete it (``_samples``), the daily chase list and
    digest (``_chase``)."""

    _name = 'merchandising.milestone'
    _description = 'T&A Milestone'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'merchandising.state.mixin']
    _order = 'order_id, sequence, id'
    _state_transitions = TRANSITIONS
    _state_dates = {'done': 'actual_date'}
    _state_hint = _lt("enter the Actual date (it marks the milestone done), or use Done, Skip or Reopen")

    order_id = fields.Many2one('sale.order', required=True, index=True, ondelete='cascade')
    name = fields.Char('Milestone', required=True)
    sequence = fields.Integer(default=10, help="Milestones are forecast in this order.")
    template_line_id = fields.Many2one(
        'merchandising.milestone.template.line', 'Template Milestone', ondelete='set null', readonly=True,
        help="The template milestone it was planned from; re-planning moves it with its template.")
    user_id = fields.Many2one(
        'res.users', 'Responsible', index=True, tracking=True, domain=[('share', '=', False)],
        help="Who answers for the milestone and gets the to-do to chase it.")
    partner_id = fields.Many2one(
        'res.partner', 'Factory / Supplier', index=True, tracking=True,
        help="Who must deliver the milestone: the factory or the supplier to chase.")
    duration_days = fields.Integer(
        'Duration (working days)', default=1,
        help="How long its work takes once what it waits for is finished.")
    dependency_ids = fields.One2many(
        'merchandising.milestone.dependency', 'milestone_id', 'Predecessors', copy=False,
        help="The milestones this one waits for (finish-to-start), each with its lag in working days.")
    successor_ids = fields.Many2many(
        'merchandising.milestone', string='Successors', compute='_compute_successor_ids',
        help="The milestones that wait for this one (the timeline's arrows).")
    sample_type_id = fields.Many2one(
        'merchandising.sample.type', 'Completed by Sample', ondelete='restrict',
        domain="[('needs_approval', '=', True), '|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="The milestone is done when the customer approves a sample of this type "
             "for the order, on the day they decide.")
    planned_date = fields.Date(
        'Planned', required=True, tracking=True,
        help="The date of the approved plan, counted back from the ex-factory date; "
             "only re-planning the order moves it.")
    revised_date = fields.Date(
        'Revised', tracking=True,
        help="The date the factory or supplier now promises.")
    actual_date = fields.Date(
        'Actual', tracking=True, copy=False,
        help="The day it really happened; entering it marks the milestone done.")
    # Computed as superuser: the forecast runs through the whole plan, also
    # the milestones of the order the user may not read (only dates are read).
    # Stored so that the T&A tab reads a page of a long plan without walking
    # the rest of it (and the order form reads in the same queries whatever
    # the plan's length), and so that the critical path is a filter; the
    # chase job brings it up to today each morning, and chases by it (indexed).
    forecast_date = fields.Date(
        'Forecast', compute='_compute_forecast', compute_sudo=True, store=True, index=True,
        help="When the milestone will really finish: the latest of what it waits for (plus "
             "the lags and its duration, in working days), its revised (or planned) date and "
             "today.")
    delay_days = fields.Integer(
        'Delay (days)', compute='_compute_forecast', compute_sudo=True, store=True,
        help="Forecast (or actual) date minus the planned date.")
    slack_days = fields.Integer(
        'Slack (working days)', compute='_compute_forecast', compute_sudo=True, store=True,
        help="How many working days the milestone may slip before it moves the ship date.")
    is_critical = fields.Boolean(
        'Critical Path', compute='_compute_forecast', compute_sudo=True, store=True,
        help="On the critical path: what the shipment waits for, through what each milestone "
             "waited for last. A day's slip of an open one is a day's slip of the ship date.")
    revision_ids = fields.One2many(
        'merchandising.milestone.revision', 'milestone_id', 'Revisions', readonly=True, copy=False,
        help="Every move of its dates: new promises and re-plans, who, when and why.")
    # Entered with each new revised date (the order's T&A list, the form, an
    # import), kept in its revision; shows the last revision's.
    revision_reason_id = fields.Many2one(
        'merchandising.delay.reason', 'Reason', compute='_compute_revision_reason', readonly=False,
        help="Why the date moved (material late, customer change...): required with every new "
             "revised date. Shows the reason of the last revision.")
    revision_note = fields.Char(
        'Reason Note', compute='_compute_revision_reason', readonly=False,
        help="What else to know about the last revision.")
    due_date = fields.Date(
        'Deadline', compute='_compute_due_date', store=True, index=True, precompute=True,
        help="The date to chase against: the revised date, else the planned date.")
    days_overdue = fields.Integer(
        compute='_compute_days_overdue',
        help="Days since the deadline passed, while the milestone is not done and nothing it waits "
             "for holds it.")
    state = fields.Selection(
        STATES, default='pending', required=True, readonly=True, index=True, tracking=True, copy=False,
        help="Overdue: its deadline passed, it is not done and nothing it waits for holds it: the "
             "network expects it now (set by the daily chase list).")
    company_id = fields.Many2one(related='order_id.company_id', store=True, precompute=True)
    merchandiser_id = fields.Many2one(related='order_id.merchandiser_id', store=True, index=True, precompute=True)
    # Shown on the chase list's cards: whose order the milestone serves.
    order_partner_id = fields.Many2one(related='order_id.partner_id', string='Order Customer')

    # --- rules on dates --------------------------------------------------------

    @api.constrains('revised_date', 'order_id')
    def _check_revised_date(self):
        for milestone in self.filtered('revised_date'):
            order_date = fields.Date.context_today(milestone, milestone.order_id.date_order)
            if milestone.revised_date < order_date:
                raise ValidationError(self.env._(
                    "%(milestone)s of %(order)s: the revised date %(date)s is before the order date "
                    "%(order_date)s. Enter a date on or after the order date.",
                    milestone=milestone.name, order=milestone.order_id.name,
                    date=milestone.revised_date, order_date=order_date))

    @api.constrains('actual_date')
    def _check_actual_date(self):
        today = fields.Date.context_today(self)
        for milestone in self.filtered('actual_date'):
            if milestone.actual_date > today:
                raise ValidationError(self.env._(
                    "%(milestone)s of %(order)s: the actual date %(date)s is in the future. Enter the "
                    "date it really happened, today (%(today)s) at the latest.",
                    milestone=milestone.name, order=milestone.order_id.name,
                    date=milestone.actual_date, today=today))

    @api.depends('planned_date', 'revised_date')
    def _compute_due_date(self):
        # Stored and indexed for the chase job's searches: what is overdue,
        # what falls due in the next days.
        for milestone in self:
            milestone.due_date = milestone.revised_date or milestone.planned_date

    @api.depends('revision_ids')
    def _compute_revision_reason(self):
        for milestone in self:
            last = milestone.revision_ids[:1]
            milestone.revision_reason_id, milestone.revision_note = last.reason_id, last.note

    @api.onchange('revised_date')
    def _onchange_revised_date(self):
        # A new promise needs its own reason: not the last one's.
        for milestone in self:
            milestone.revision_reason_id, milestone.revision_note = False, False

    @api.depends('due_date', 'forecast_date', 'state')
    def _compute_days_overdue(self):
        # The chase job's rule, read in memory: past its deadline and
        # expected now, not held by what it waits for.
        today = fields.Date.context_today(self)
        overdue_ids = set(self.filtered_domain(self._overdue_domain(today, OPEN_STATES))._ids)
        for milestone in self:
            milestone.days_overdue = (today - milestone.due_date).days if milestone.id in overdue_ids else 0

    # --- the forecast -------------------------------------------------------------

    # A milestone's forecast depends on every milestone of its plan (the
    # critical path runs back from the last one), their links and calendars.
    @api.depends('order_id.merch_milestone_ids.planned_date', 'order_id.merch_milestone_ids.revised_date',
                 'order_id.merch_milestone_ids.actual_date', 'order_id.merch_milestone_ids.state',
                 'order_id.merch_milestone_ids.sequence', 'order_id.merch_milestone_ids.duration_days',
                 'order_id.merch_milestone_ids.dependency_ids.predecessor_id',
                 'order_id.merch_milestone_ids.dependency_ids.lag_days',
                 'order_id.merch_milestone_ids.partner_id.merch_resource_calendar_id',
                 'order_id.company_id.resource_calendar_id')
    def _compute_forecast(self):
        # One pass for every milestone waiting for its forecast: each plan's
        # pass reads its whole plan (at 200,000 milestones: 6 queries and
        # 25 s, against 200 batches of 6 queries and 40 s at 150,000).
        with computing_the_waiting(self, 'forecast_date') as todo:
            todo.browse([id_ for id_ in todo._ids if isinstance(id_, int)]).fetch(['order_id'])
            forecasts = self._plan_forecasts(todo.order_id)
            for milestone in todo:
                values = forecasts.get(milestone, EMPTY_FORECAST)
                if isinstance(milestone.id, int):
                    # Only what changed is written: each morning most
                    # forecasts stay as they were (their values in the
                    # cache: _plan_forecasts read them with the plans).
                    values = {name: value for name, value in values.items() if milestone[name] != value}
                milestone.update(values)

    def _compute_successor_ids(self):
        successors = defaultdict(set)
        for dependency in self.env['merchandising.milestone.dependency'].search_fetch(
                [('predecessor_id', 'in', self.ids)], ['milestone_id', 'predecessor_id']):
            successors[dependency.predecessor_id.id].add(dependency.milestone_id.id)
        for milestone in self:
            milestone.successor_ids = list(successors[milestone.id])

    @api.model
    def _plan_forecasts(self, orders):
        """{milestone: its forecast values} for every milestone of the orders'
        plans, read together: the milestones, their links and their calendars
        in a few queries, whatever their number. The order's forecast ship
        date is its last milestone's (``sale.order._compute_merch_forecast``).

        Forward through each plan's network: a milestone finishes at the
        latest of what it waits for (each predecessor's finish plus the lag,
        then its own duration, in working days), its revised (else planned)
        date — a promise later than that stands — and today while it is
        open; a done one finished on its actual date, which cancels nothing
        that reaches its successors by another path; a skipped one is out of
        the plan and passes on what it waited for. Then back from the last
        milestone (the shipment): the critical path runs through what each
        milestone waited for last (``network.driving_path``), and a milestone's
        slack is how far it may slip before the ship date moves.
        """
        today = fields.Date.context_today(self)
        if all(isinstance(order_id, int) for order_id in orders._ids):
            # Saved plans: the milestones, then their links, each in one query
            # however many (prefetching reads 1,000 records a query; the
            # values being saved stay as they are in the cache).
            milestones = self.search_fetch([('order_id', 'in', orders.ids)], FORECAST_INPUTS + list(EMPTY_FORECAST),
                                           order='id')
            dependencies = self.env['merchandising.milestone.dependency'].search_fetch(
                [('milestone_id', 'in', milestones.ids)], ['milestone_id', 'predecessor_id', 'lag_days'], order='id')
            orders.fetch(['company_id'])
            plans = defaultdict(lambda: self.browse())
            for milestone in milestones:
                plans[milestone.order_id] += milestone
        else:
            # An order's form: its plan as it is being edited.
            milestones = orders.merch_milestone_ids
            dependencies = milestones.dependency_ids
            plans = {order: order.merch_milestone_ids for order in orders}
        calendars = self._working_days(milestones)
        links = defaultdict(list)
        for dependency in dependencies:
            links[node_key(dependency.milestone_id)].append((node_key(dependency.predecessor_id), dependency.lag_days))
        result = {}
        for plan in plans.values():
            result.update(forecast_network(plan, links, calendars, today))
        return result

    @api.model
    def _working_days(self, milestones):
        """{milestone: the WorkingDays its lags and duration count in}: its
        factory's calendar, else its company's."""
        company_calendar = {order: order.company_id.resource_calendar_id.id for order in milestones.order_id}
        by_milestone = {milestone: milestone.partner_id.merch_resource_calendar_id.id
                        or company_calendar.get(milestone.order_id, False) for milestone in milestones}
        days = self.env['resource.calendar']._merch_working_days_of(set(by_milestone.values()))
        return {milestone: days[calendar_id] for milestone, calendar_id in by_milestone.items()}

    def _check_starts_after_order_date(self, dependencies):
        """Refuse a negative lag (an overlap) that has a milestone finish
        before its order's date."""
        negative = dependencies.filtered(lambda dependency: dependency.lag_days < 0)
        calendars = self._working_days(negative.milestone_id)
        for dependency in negative:
            milestone, predecessor = dependency.milestone_id, dependency.predecessor_id
            if not (predecessor.planned_date and milestone.order_id.date_order):
                continue
            days = calendars[milestone]
            earliest = days.add(days.add(predecessor.planned_date, dependency.lag_days), milestone.duration_days)
            order_date = fields.Date.context_today(milestone, milestone.order_id.date_order)
            if earliest < order_date:
                raise ValidationError(self.env._(
                    "%(milestone)s of %(order)s: a Lag of %(lag)s working days after %(predecessor)s "
                    "has it finish on %(date)s, before the order date %(order_date)s. Enter a smaller "
                    "negative lag, or 0.",
                    milestone=milestone.name, order=milestone.order_id.name, lag=dependency.lag_days,
                    predecessor=predecessor.name, date=earliest, order_date=order_date))

    @api.constrains('duration_days')
    def _check_duration(self):
        for milestone in self.filtered(lambda milestone: milestone.duration_days < 0):
            raise ValidationError(self.env._(
                "%(milestone)s of %(order)s: the Duration is %(days)s working days. Enter 0 or more.",
                milestone=milestone.name, order=milestone.order_id.name, days=milestone.duration_days))

    # --- creating and changing the plan ----------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_guarded_create(vals_list)  # before the revisions
        # A milestone recorded with the date it happened is done. (New dicts:
        # an import tries its rows again with the same ones.)
        vals_list = [dict({'state': 'done'}, **vals) if vals.get('actual_date') else dict(vals)
                     for vals in vals_list]
        reasons = [self._take_revision_reason(vals, [vals['revised_date']] if vals.get('revised_date') else [],
                                             vals.get('name'))
                   for vals in vals_list]
        # A state in the rows was refused above: the one set here is the
        # actual date's (pending to done), past the mixin's guard.
        with guard_lifted(self, 'state'):
            milestones = super().create(vals_list)
        self.env['merchandising.milestone.revision'].create([
            dict(reason, milestone_id=milestone.id, kind='revised', old_date=milestone.planned_date,
                 new_date=milestone.revised_date)
            for milestone, reason in zip(milestones, reasons) if milestone.revised_date])
        return milestones

    @api.model
    def _create_plans(self, vals_list):
        """Create the milestones of new plans (made on every confirmation),
        in one create. Without mail: each one would post "created", subscribe
        its creator and mail its responsible "assigned to you"; they learn of
        their milestones from the daily chase digest."""
        milestones = self.with_context(tracking_disable=True).create(vals_list)
        milestones._link_as_planned()
        return milestones

    def _link_as_planned(self):
        """Link these new milestones to the rest of their plans as their
        template lines are linked: what they wait for, what waits for them."""
        plans = self.order_id.merch_milestone_ids.filtered('template_line_id')
        by_line = {(milestone.order_id, milestone.template_line_id): milestone for milestone in plans}
        existing = {(dependency.milestone_id, dependency.predecessor_id) for dependency in plans.dependency_ids}
        links = {}
        for milestone in plans:
            for dependency in milestone.template_line_id.dependency_ids:
                predecessor = by_line.get((milestone.order_id, dependency.predecessor_id))
                if predecessor and (milestone in self or predecessor in self) \
                        and (milestone, predecessor) not in existing:
                    links[milestone, predecessor] = dependency.lag_days
        self.env['merchandising.milestone.dependency'].create([
            {'milestone_id': milestone.id, 'predecessor_id': predecessor.id, 'lag_days': lag}
            for (milestone, predecessor), lag in links.items()])

    # Its super() call is in _write_progress, the path the buttons share.
    def write(self, vals):  # pylint: disable=method-required-super
        # The state moves with the buttons and the actual date (_move_to);
        # the planned dates only with re-planning (_replan). Checked before
        # the revisions it records.
        self._check_guarded_write(vals)
        vals = dict(vals)
        revised = self.browse()
        if 'revised_date' in vals:
            new = fields.Date.to_date(vals['revised_date'])
            revised = self.filtered(lambda milestone: milestone.revised_date != new)
        given = vals.get('revision_reason_id')
        reason = self._take_revision_reason(vals, [vals.get('revised_date')] if revised else [],
                                            revised[:1].name, revised[:1].order_id.name)
        if given and not revised:
            # A revision is never edited: a changed reason needs its new date.
            for milestone in self.filtered(lambda milestone: milestone.revision_reason_id.id != reason['reason_id']):
                raise UserError(self.env._(
                    "%(milestone)s of %(order)s: the reason of a revision stays as it was given. Enter "
                    "the new Revised date with its reason.", milestone=milestone.name,
                    order=milestone.order_id.name))
        revisions = [dict(reason, milestone_id=milestone.id, kind='revised',
                          old_date=milestone.revised_date or milestone.planned_date,
                          new_date=vals['revised_date'] or False) for milestone in revised]
        res = self._write_progress(vals)
        self.env['merchandising.milestone.revision'].create(revisions)
        if {'completion_event', 'partner_id'} & vals.keys():
            # Bound to other documents: they may complete or revise it now.
            self.order_id._merch_documents_changed()
        return res

    @api.model
    def _take_revision_reason(self, vals, new_dates, milestone_name, order_name=None):
        """Take the reason out of ``vals`` ({'reason_id', 'note'} for the
        revisions), or refuse a new date that comes without one."""
        reason = {'reason_id': vals.pop('revision_reason_id', False) or False,
                  'note': vals.pop('revision_note', False) or False}
        if isinstance(reason['reason_id'], models.BaseModel):
            reason['reason_id'] = reason['reason_id'].id
        if new_dates and not reason['reason_id']:
            raise UserError(self.env._(
                "%(milestone)s%(of_order)s: say why the date moves. Choose the Reason of the new "
                "revised date (material late, sample rejected, capacity, customer change...).",
                milestone=milestone_name or self._description,
                of_order=self.env._(" of %(order)s", order=order_name) if order_name else ''))
        return reason

    def _write_progress(self, vals):
        """Write what the merchandiser records (revised and actual dates,
        notes) and the state changes of ``_move_to``: entering the actual
        date of an open milestone marks it done, a new promise makes a late
        one pending again."""
        recorded = self.browse()
        if 'state' not in vals and vals.get('actual_date'):
            recorded = self.filtered(lambda milestone: milestone._is_recorded_by(vals['actual_date']))
        if recorded:
            # Pending or late to done, steps the table allows: the actual
            # date's own path past the guard of the state.
            with guard_lifted(recorded, 'state'):
                super(MerchandisingMilestone, recorded).write(dict(vals, state='done'))
        if self - recorded:
            # A state in ``vals`` is _move_to's (checked and lifted there),
            # or refused by the mixin's guard.
            super(MerchandisingMilestone, self - recorded).write(vals)
        if vals.get('revised_date') and fields.Date.to_date(vals['revised_date']) >= fields.Date.context_today(self):
            # A new promise in the future: no longer late, until it passes.
            self.filtered(lambda milestone: milestone.state == 'late')._move_to('pending')
        return True

    def _is_recorded_by(self, actual_date):
        """Whether entering ``actual_date`` records the milestone: the date an
        open milestone really happened makes it done, and the forecasts count it."""
        self.ensure_one()
        return bool(actual_date) and self.state in OPEN_STATES

    @api.onchange('actual_date')
    def _onchange_actual_date(self):
        # The T&A tab shows at once what saving the date does (see write).
        for milestone in self:
            if milestone._is_recorded_by(milestone.actual_date):
                milestone.state = 'done'

    # Its super() call is the base write, not an override of _replan.
    def _replan(self, planned_dates, reason, keep_revised=True):  # pylint: disable=missing-return
        """Move the planned dates of a plan being re-planned: {milestone: its
        new planned date}; the promised (revised) dates go too unless kept.
        Each move is a revision with ``reason`` ({'reason_id', 'note'}).

        Written past this model's own ``write``, which freezes planned dates:
        re-planning is the one exception, reached only through the order's
        ``action_replan``, which checks who re-plans and records why."""
        revisions = []
        by_date = defaultdict(lambda: self.browse())
        for milestone, planned_date in planned_dates.items():
            by_date[planned_date] |= milestone
            if planned_date != milestone.planned_date:
                revisions.append(dict(reason, milestone_id=milestone.id, kind='planned',
                                      old_date=milestone.planned_date, new_date=planned_date))
            if not keep_revised and milestone.revised_date:
                revisions.append(dict(reason, milestone_id=milestone.id, kind='revised',
                                      old_date=milestone.revised_date, new_date=False))
        for planned_date, milestones in by_date.items():
            values = {'planned_date': planned_date}
            if not keep_revised:
                values['revised_date'] = False
            with guard_lifted(milestones, 'planned_date'):
                super(MerchandisingMilestone, milestones).write(values)
        self.env['merchandising.milestone.revision'].create(revisions)
        # A late milestone whose deadline moved past today is pending again.
        today = fields.Date.context_today(self)
        replanned = self.browse().union(*planned_dates)
        replanned.filtered(lambda m: m.state == 'late' and m.due_date >= today)._move_to('pending')

    # --- states -------------------------------------------------------------------

    def _guarded_fields(self):
        return dict(super()._guarded_fields(), planned_date=(None, _lt(
            "the planned date is the approved plan: enter the factory's new promise as the Revised date, "
            "or re-plan the order (Re-plan, with a reason)")))

    def _state_record_name(self):
        return self.env._("%(milestone)s of %(order)s", milestone=self.name, order=self.order_id.name)

    def action_done(self):
        """Mark the milestone done today (the merchandiser may correct the date)."""
        # Two users clicking Done together: the second fails at once on the
        # row lock (Odoo's RPC layer retries it), and on the retry the
        # milestone is already done, so nothing is posted or written twice.
        lock_rows_nowait(self)
        self.invalidate_recordset(['state'])
        todo = self.filtered(lambda milestone: milestone.state != 'done')
        for milestone in todo:
            earlier_open = milestone.dependency_ids.predecessor_id.filtered(lambda m: m.state in OPEN_STATES)
            if earlier_open:
                # Allowed (what it waits for may be late to be recorded), but on the record.
                milestone.message_post(body=self.env._(
                    "Done before %(milestones)s.", milestones=', '.join(earlier_open.mapped('name'))))
        return todo._move_to('done')

    def action_skip(self):
        """Leave the milestone out of this order's plan (and of its forecast)."""
        return self._move_to('skipped')

    def action_reopen(self):
        """Open a done or skipped milestone again."""
        return self._move_to('pending', actual_date=False)
