from collections import defaultdict, namedtuple
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date, formatLang

from .merchandising_milestone_template_line import COMPLETION_EVENTS
from odoo.tools.translate import LazyTranslate

from ..tools import computing_the_waiting, guard_lifted, lock_rows_nowait, mail_composer_action

_lt = LazyTranslate(__name__)

STATES = [
    ('pending', 'Pending'),
    ('late', 'Late'),
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

# The daily chase job handles this many milestones per run; Odoo runs it
# again at once while it reports work remaining (ir.cron's progress).
CHASE_BATCH_SIZE = 500

# A row of the merchandiser's daily digest e-mail: plain data, which the
# mail template renders without going back to the database.
DigestLine = namedtuple('DigestLine', 'order customer milestone factory due days_late done')


# What the forecast of a plan reads of its milestones.
FORECAST_INPUTS = ['order_id', 'sequence', 'planned_date', 'revised_date', 'actual_date', 'state', 'duration_days',
                   'partner_id']
EMPTY_FORECAST = {'forecast_date': False, 'delay_days': 0, 'slack_days': 0, 'is_critical': False}


def _plan_order(milestone):
    # New lines typed in the order's form (no id yet) come after the saved ones.
    return (milestone.sequence, milestone._origin.id or float('inf'))


def _key(milestone):
    # A milestone and the same one being edited in the order's form are one node.
    return milestone._origin.id or milestone.id


def _forecast_network(plan, links, calendars, today):
    """{milestone: forecast values} of one plan (see ``_plan_forecasts``):
    ``links`` {node: [(predecessor node, lag)]}, ``calendars`` {milestone:
    WorkingDays}. A link to a milestone outside the plan is ignored; so is a
    link that would close a circle (refused when saved)."""
    nodes = {_key(milestone): milestone for milestone in plan}
    waits = {node: [(previous, lag) for previous, lag in links.get(node, ()) if previous in nodes and previous != node]
             for node in nodes}
    order = _topological(nodes, waits)
    finish, forecast, ready = {}, {}, {}
    for node in order:
        milestone = nodes[node]
        days = calendars[milestone]
        skipped = milestone.state == 'skipped' or not milestone.planned_date
        duration = 0 if skipped else milestone.duration_days
        ready[node] = {previous: days.add(days.add(finish[previous], lag), duration)
                       for previous, lag in waits[node] if finish.get(previous)}
        earliest = ready[node] and max(ready[node].values()) or None
        if skipped:
            finish[node] = earliest
        elif milestone.state == 'done' and milestone.actual_date:
            finish[node] = forecast[node] = milestone.actual_date
        else:
            finish[node] = forecast[node] = max(
                filter(None, (milestone.revised_date or milestone.planned_date, earliest, today)))
    # Back from the shipment (the last milestone with a forecast): the latest
    # each may finish without moving it.
    shipment = max((milestone for node, milestone in nodes.items() if node in forecast),
                   key=_plan_order, default=None)
    latest = {_key(shipment): forecast[_key(shipment)]} if shipment else {}
    for node in reversed(order):
        milestone = nodes[node]
        if node not in latest:
            continue
        days = calendars[milestone]
        duration = milestone.duration_days if node in forecast else 0
        for previous, lag in waits[node]:
            allowed = days.add(days.add(latest[node], -duration), -lag)
            latest[previous] = min(latest.get(previous, allowed), allowed)
    critical = _driving_path(shipment and _key(shipment), nodes, ready, forecast)
    result = {}
    for node, milestone in nodes.items():
        if node not in forecast:
            result[milestone] = EMPTY_FORECAST
            continue
        slack = calendars[milestone].count(forecast[node], latest[node]) if node in latest else 0
        result[milestone] = {
            'forecast_date': forecast[node],
            'delay_days': (forecast[node] - milestone.planned_date).days,
            'slack_days': max(0, slack),
            'is_critical': node in critical,
        }
    return result


def _driving_path(shipment, nodes, ready, forecast):
    """The critical path: back from the shipment, through what each
    milestone waited for last (the predecessor that let it start latest).
    An open milestone held by its own date (a promise, its plan, today) was
    not driven by its predecessors: the path stops there. A done one waited
    for the last of them, whenever it was recorded."""
    path, todo = set(), [shipment] if shipment else []
    while todo:
        node = todo.pop()
        if node in path:
            continue
        path.add(node)
        waited = ready.get(node)
        if not waited:
            continue
        last = max(waited.values())
        milestone = nodes[node]
        if milestone.state != 'done' and node in forecast and forecast[node] > last:
            continue
        todo += [previous for previous, date in waited.items() if date == last]
    return {node for node in path if node in forecast}


def _topological(nodes, waits):
    """The plan's nodes, each after what it waits for, else in plan order."""
    by_plan = sorted(nodes, key=lambda node: _plan_order(nodes[node]))
    placed, order = set(), []
    while len(order) < len(by_plan):
        progressed = False
        for node in by_plan:
            if node not in placed and all(previous in placed for previous, dummy in waits[node]):
                placed.add(node)
                order.append(node)
                progressed = True
        if not progressed:  # a circle: place the first waiting one, as planned
            node = next(node for node in by_plan if node not in placed)
            placed.add(node)
            order.append(node)
    return order


class MerchandisingMilestone(models.Model):
    """One line of an order's Time & Action plan (生产跟单): a milestone such as
    "materials in-house" or "final inspection", when it was planned, when the
    factory now promises it, when it really happened, and what its delay does
    to the ship date.

    The forecast lives here: ``_plan_forecasts`` walks each plan once and
    gives every milestone its forecast and the order its forecast ship date."""

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
    completion_event = fields.Selection(
        COMPLETION_EVENTS, 'Completed by Documents', tracking=True,
        help="The event of the order's purchase, manufacturing or subcontracting orders that "
             "completes the milestone, on the day it happens. Until then, their scheduled date "
             "is its revised date (reason: supplier's date).")
    purchase_ids = fields.Many2many(
        'purchase.order', string='Purchase Orders', compute='_compute_documents',
        help="The order's purchase (or subcontracting) orders whose event completes the milestone: "
             "those of its factory / supplier when it has one.")
    production_ids = fields.Many2many(
        'mrp.production', string='Manufacturing Orders', compute='_compute_documents',
        help="The order's manufacturing orders whose event completes the milestone.")
    quantity_ids = fields.One2many(
        'merchandising.milestone.quantity', 'milestone_id', 'Quantities', copy=False,
        help="How many pieces of each order line are through this milestone so far (cut, sewn, "
             "packed), as the factory reports them.")
    quantity_done = fields.Char(
        'Done So Far', compute='_compute_quantity_done',
        help="The pieces through this milestone over those ordered, as the factory reported them.")
    done_by_documents = fields.Boolean(
        'Done by Documents', readonly=True, copy=False,
        help="The documents' event completed the milestone: cancelling or unlinking them "
             "opens it again.")
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
    # chase job brings it up to today each morning.
    forecast_date = fields.Date(
        'Forecast', compute='_compute_forecast', compute_sudo=True, store=True,
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
    days_late = fields.Integer(
        compute='_compute_days_late',
        help="Days since the deadline passed, while the milestone is not done.")
    state = fields.Selection(
        STATES, default='pending', required=True, readonly=True, index=True, tracking=True, copy=False,
        help="Late: its deadline passed and it is not done (set by the daily chase list).")
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

    @api.depends('due_date', 'state')
    def _compute_days_late(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            late = milestone.state in OPEN_STATES and milestone.due_date
            milestone.days_late = max(0, (today - milestone.due_date).days) if late else 0

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

    def _compute_quantity_done(self):
        done = self._quantities_done()
        for milestone in self:
            milestone.quantity_done = done.get(milestone._origin.id, '')

    def _quantities_done(self):
        """{milestone id: "done / ordered"} of the milestones the factory
        reported quantities on, in two queries whatever their number."""
        # sudo: the factory's reports are shown with the milestone, to whoever reads it.
        reports = self.env['merchandising.milestone.quantity'].sudo().search_fetch(
            [('milestone_id', 'in', self._origin.ids)], ['milestone_id', 'sale_line_id', 'quantity'])
        reports.sale_line_id.fetch(['product_uom_qty'])
        totals = defaultdict(lambda: [0.0, 0.0])
        for report in reports:
            totals[report.milestone_id.id][0] += report.quantity
            totals[report.milestone_id.id][1] += report.sale_line_id.product_uom_qty
        return {milestone_id: '%s / %s' % (formatLang(self.env, done, digits=0), formatLang(self.env, ordered, digits=0))
                for milestone_id, (done, ordered) in totals.items()}

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
        milestone waited for last (``_driving_path``), and a milestone's
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
            links[_key(dependency.milestone_id)].append((_key(dependency.predecessor_id), dependency.lag_days))
        result = {}
        for plan in plans.values():
            result.update(_forecast_network(plan, links, calendars, today))
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

    @api.model
    def _complete_by_samples(self, samples):
        """The customer approved these samples: each completes the open
        milestones of its order that wait for a sample of its type, on the
        day the customer decided. One search for all the samples."""
        decided = {(sample.order_id.id, sample.type_id.id): sample.date_decided
                   for sample in samples if sample.state == 'approved' and sample.order_id}
        if not decided:
            return self.browse()
        # sudo: the approval was allowed on the sample (its buttons, or the
        # portal once the customer's token or login passed), and only the open
        # milestones of the sample's own order waiting for its type are done;
        # the customer, or a salesperson, deciding may not write milestones.
        waiting = self.sudo().search_fetch([
            ('order_id', 'in', [order_id for order_id, _type_id in decided]),
            ('sample_type_id', 'in', [type_id for _order_id, type_id in decided]),
            ('state', 'in', OPEN_STATES)], ['order_id', 'sample_type_id'])
        today = fields.Date.context_today(self)
        by_date = defaultdict(waiting.browse)
        for milestone in waiting:
            key = (milestone.order_id.id, milestone.sample_type_id.id)
            if key in decided:
                by_date[decided[key] or today] |= milestone
        for actual_date, milestones in by_date.items():
            milestones._move_to('done', actual_date=actual_date)
        return waiting.browse().union(*by_date.values())

    # --- completed by the order's production documents ----------------------------

    def _compute_documents(self):
        documents = self.order_id._origin._merch_production_documents()
        for milestone in self:
            bound = milestone._bound_documents(documents.get(milestone.order_id._origin.id))
            milestone.purchase_ids = bound if bound is not None and bound._name == 'purchase.order' else False
            milestone.production_ids = bound if bound is not None and bound._name == 'mrp.production' else False

    def _bound_documents(self, documents):
        """The order's documents (``ProductionDocuments``, sudo) whose event
        completes this milestone: its manufacturing orders, or its purchase
        or subcontracting orders, those of its factory / supplier when it has
        one (the mill's fabric order, not the trims'). None without an event."""
        self.ensure_one()
        event = self.completion_event
        if not event or documents is None:
            return None
        if event in ('production_started', 'production_done'):
            return documents.productions
        purchases = documents.subcontracts if event == 'subcontract_received' else documents.purchases
        if self.partner_id:
            factory = self.partner_id.commercial_partner_id
            purchases = purchases.filtered(lambda purchase: purchase.partner_id.commercial_partner_id == factory)
        return purchases

    def _event_status(self, documents, today):
        """What the bound documents say of the milestone's event, as
        (done on, scheduled for): the day the event happened once every
        document has met it (for materials received, the last receipt's),
        else False and the documents' own date for it (a purchase line's
        expected arrival, a manufacturing order's start or finish), if any.
        Dates are the company's days (``today`` is its today)."""
        self.ensure_one()
        if not documents:
            return False, False
        tz_self = self.with_context(tz=self.company_id.partner_id.tz or 'UTC')

        def day(moment):
            # The company's day of a document's moment; what happened, by today.
            return min(fields.Date.context_today(tz_self, moment), today) if moment else today

        def day_planned(moment):
            return fields.Date.context_today(tz_self, moment)

        event = self.completion_event
        confirmed = all(document.state in ('purchase', 'done') for document in documents) \
            if documents._name == 'purchase.order' else False
        if event == 'materials_ordered':
            return (max(day(purchase.date_approve) for purchase in documents) if confirmed else False), False
        if event in ('materials_received', 'subcontract_received'):
            receipts = documents.picking_ids.filtered(
                lambda picking: picking.picking_type_code == 'incoming' and picking.state != 'cancel')
            if confirmed and receipts and all(picking.state == 'done' for picking in receipts):
                return max(day(picking.date_done) for picking in receipts), False
            waiting = documents.order_line.filtered(
                lambda line: not line.display_type and line.qty_received < line.product_qty and line.date_planned)
            return False, max((day_planned(line.date_planned) for line in waiting), default=False)
        if event == 'production_started':
            # The manufacturing order keeps no start of its own: the day it is
            # seen starting (documents are synced as they change) is the day.
            if any(production.state in ('progress', 'to_close', 'done') for production in documents):
                return today, False
            return False, min((day_planned(production.date_start)
                               for production in documents if production.date_start), default=False)
        if all(production.state == 'done' for production in documents):
            return max(day(production.date_finished) for production in documents), False
        return False, max((day_planned(production.date_finished)
                           for production in documents if production.state != 'done' and production.date_finished),
                          default=False)

    @api.model
    def _sync_with_documents(self, orders):
        """Bring the milestones of these orders that documents complete in
        line with them, in one pass: the event met completes an open one on
        its day; no longer met (a document cancelled or unlinked) it opens
        again the one it had completed, with a note; while it waits, the
        documents' own date is its revised date, with the reason "supplier's
        date" (a mill postponing its delivery moves the forecast at once).
        A milestone recorded by hand stays as the merchandiser left it."""
        milestones = self.search([('order_id', 'in', orders.ids), ('completion_event', '!=', False),
                                  ('state', '!=', 'skipped')])
        if not milestones:
            return
        documents = milestones.order_id._merch_production_documents()
        reason = self.env.ref('merchandising.delay_reason_supplier_date')
        today = fields.Date.context_today(self.with_context(tz=self.env.company.partner_id.tz or 'UTC'))
        done, revised, reopened, notes = defaultdict(self.browse), defaultdict(self.browse), self.browse(), []
        for milestone in milestones:
            bound = milestone._bound_documents(documents.get(milestone.order_id.id))
            done_on, scheduled = milestone._event_status(bound, today)
            names = ', '.join(bound.mapped('name')) if bound else ''
            if milestone.state in OPEN_STATES and done_on:
                done[done_on] |= milestone
                notes.append((milestone, self.env._(
                    "%(milestone)s done on %(date)s: %(documents)s.", milestone=milestone.name,
                    date=format_date(self.env, done_on),
                    documents=names)))
                continue
            if milestone.state == 'done' and milestone.done_by_documents and not done_on:
                reopened |= milestone
                notes.append((milestone, self.env._(
                    "%(milestone)s open again: %(documents)s no longer done.", milestone=milestone.name,
                    documents=names or self.env._("its documents were cancelled or unlinked, and none is"))))
            order_date = fields.Date.context_today(milestone, milestone.order_id.date_order)
            if scheduled and scheduled != (milestone.revised_date or milestone.planned_date) \
                    and scheduled >= order_date and (milestone.state in OPEN_STATES or milestone in reopened):
                revised[scheduled, names] |= milestone
        for actual_date, batch in done.items():
            batch._move_to('done', actual_date=actual_date, done_by_documents=True)
        reopened._move_to('pending', actual_date=False, done_by_documents=False)
        for (revised_date, names), batch in revised.items():
            batch.write({'revised_date': revised_date, 'revision_reason_id': reason.id, 'revision_note': names})
        for milestone, note in notes:
            milestone.order_id.message_post(body=note, subtype_xmlid='mail.mt_note')

    # --- the factory's portal ---------------------------------------------------------

    def _factory_portal_url(self):
        """The milestone's page in its factory's portal, if the factory has
        portal users (the chase e-mail links there); else False."""
        self.ensure_one()
        factory = self.partner_id.commercial_partner_id
        # sudo: only whether the factory has portal users, for the link; nothing of them is read.
        users = self.env['res.users'].sudo().search_count(
            [('partner_id', 'child_of', factory.ids), ('share', '=', True)], limit=1) if factory else 0
        return '%s/my/production/%s' % (self.get_base_url(), self.id) if users else False

    def _portal_quantity_lines(self):
        """The order's lines a factory reports quantities of: its products,
        not its notes, sections or freight."""
        self.ensure_one()
        return self.order_id.order_line.filtered(
            lambda line: not line.display_type and not line.is_delivery and line.product_id.type == 'consu')

    def _portal_purchases(self, factory):
        """The factory's own purchase and subcontracting orders for this
        milestone's order (their portal pages are purchase's)."""
        self.ensure_one()
        documents = self.order_id._merch_production_documents().get(self.order_id.id)
        purchases = (documents.purchases | documents.subcontracts) if documents else self.env['purchase.order']
        return purchases.filtered(lambda purchase: purchase.partner_id.commercial_partner_id == factory)

    def _portal_photos(self):
        self.ensure_one()
        # sudo: the milestone's own photos, for its factory's page (the portal reads no attachment).
        return self.env['ir.attachment'].sudo().search([
            ('res_model', '=', self._name), ('res_id', '=', self.id), ('mimetype', '=like', 'image/%')])

    def _portal_update(self, partner, revised_date=None, reason=None, note=None, actual_date=None,
                       quantities=None, photos=None):
        """The factory's update from its portal: the date it now promises
        (with the reason), the day it was done, the quantities done so far
        ({order line: quantity}) and photos ([attachment values]). The same
        rules as in the back-end (a reason for every new date, no actual date
        in the future, the over-production tolerance); the merchandiser gets a
        note in the order's chatter. The caller makes it all or nothing."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._(
                "%(milestone)s of %(order)s is %(state)s: it takes no update. Ask the merchandiser to "
                "reopen it if it is not.", milestone=self.name, order=self.order_id.name,
                state=dict(self._fields['state']._description_selection(self.env))[self.state]))
        if not (revised_date or actual_date or quantities or photos or note):
            raise UserError(self.env._(
                "%(milestone)s of %(order)s: nothing to send. Enter a new promised date, the day it was "
                "done, quantities, photos or a note.", milestone=self.name, order=self.order_id.name))
        said = []
        if revised_date and revised_date != self.revised_date:
            self.write({'revised_date': revised_date, 'revision_reason_id': reason.id if reason else False,
                        'revision_note': note})
            said.append(self.env._("promises %(date)s (%(reason)s)", date=format_date(self.env, revised_date),
                                   reason=reason.name))
        if quantities:
            self._report_quantities(quantities)
            said.append(self.env._("done so far: %(quantities)s", quantities=', '.join(
                '%s %s / %s' % (line.product_id.display_name, quantity, line.product_uom_qty)
                for line, quantity in quantities.items())))
        if actual_date:
            self.write({'actual_date': actual_date})
            said.append(self.env._("done on %(date)s", date=format_date(self.env, actual_date)))
        attachments = self.env['ir.attachment'].create([
            dict(photo, res_model=self._name, res_id=self.id) for photo in photos or []])
        if note:
            said.append(note)
        body = self.env._("%(factory)s on %(milestone)s: %(update)s.", factory=partner.commercial_partner_id.name,
                          milestone=self.name, update='; '.join(said) or self.env._("photos"))
        # The photos stay on the milestone (its portal page) and go with the
        # note on the order (the same files: the filestore keeps one copy).
        # Not subscribed: mail makes the author of a post a follower, and a
        # follower of a sale order reads it (sale's portal rule): the customer,
        # the prices, in /my/orders and over the API.
        self.order_id.with_context(mail_create_nosubscribe=True).message_post(
            body=body, author_id=partner.id, message_type='comment', subtype_xmlid='mail.mt_note',
            partner_ids=self.order_id.merchandiser_id.partner_id.ids,
            attachments=[(attachment.name, attachment.raw) for attachment in attachments])

    def _report_quantities(self, quantities):
        """Record what is done so far of each order line ({line: quantity}):
        each report replaces the last one of its line."""
        self.ensure_one()
        existing = {report.sale_line_id: report for report in self.quantity_ids}
        for line, quantity in quantities.items():
            if line in existing:
                existing[line].quantity = quantity
        self.env['merchandising.milestone.quantity'].create([
            {'milestone_id': self.id, 'sale_line_id': line.id, 'quantity': quantity}
            for line, quantity in quantities.items() if line not in existing])

    def action_chase_factory(self):
        """Write to the factory: the chase e-mail, in the factory's language,
        ready to edit and send from the milestone's chatter."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._(
                "%(milestone)s of %(order)s: set the Factory / Supplier to chase first.",
                milestone=self.name, order=self.order_id.name))
        return mail_composer_action(self, self.env.ref('merchandising.mail_template_milestone_chase'))

    # --- the daily chase list ----------------------------------------------------

    @api.model
    def _cron_chase_list(self, batch_size=CHASE_BATCH_SIZE):
        """Every morning: give the responsible of each milestone that falls due
        within their company's due-soon window (or is overdue) a to-do to
        chase it, mark the overdue ones late, bring the forecasts of the orders
        with late milestones up to today (each day an open late milestone is
        one more day late), and send each merchandiser the digest of what to
        chase.

        A run handles at most ``batch_size`` milestones of each kind, in a
        fixed number of queries; while some remain it tells ir.cron, which
        runs it again at once. The last run refreshes and sends the digests."""
        today = fields.Date.context_today(self)
        unchased = self._chase_domain(today)
        overdue = [('state', '=', 'pending'), ('due_date', '<', today)]
        # Earliest first: an overdue milestone is chased before it turns late.
        chasing = self.search(unchased, order='due_date, id', limit=batch_size)
        chasing._schedule_chase_activities()
        turning_late = self.search(expression.AND([overdue, self._open_todo_domain(True)]),
                                   order='due_date, id', limit=batch_size)
        turning_late._move_to('late')
        done = len(chasing) + len(turning_late)
        remaining = self.search_count(unchased) + self.search_count(overdue)
        if not remaining:
            self._refresh_late_forecasts()
            # The orders this morning's forecasts made worse are warned now,
            # not at the commit, so that the digests list them first:
            # flushing the cursor runs what waits for the commit.
            self.env.cr.flush()
            self._send_chase_digests(today)
        self.env['ir.cron']._notify_progress(done=done, remaining=remaining)

    @api.model
    def _due_window_domain(self, today):
        """Milestones due by the end of their company's due-soon window
        (overdue ones included)."""
        return self.env['res.company']._merch_due_soon_domain(today, 'due_date')

    @api.model
    def _chase_domain(self, today):
        """Open milestones due by the end of the window with no to-do yet."""
        return expression.AND([[('state', '=', 'pending')], self._open_todo_domain(False),
                               self._due_window_domain(today)])

    @api.model
    def _open_todo_domain(self, with_todo):
        """Milestones with (or without) an open to-do, the to-dos in one
        subquery: searching on ``activity_ids`` reads the ``res_id`` of every
        open to-do first (3,489 at 100,000 open milestones, 5 queries)."""
        # sudo: a subquery of which milestones have a to-do, whoever's to-do it is.
        todos = self.env['mail.activity'].sudo()._search(
            [('res_model', '=', self._name), ('res_id', '!=', False)])
        return [('id', 'in' if with_todo else 'not in', todos.subselect('res_id'))]

    def _schedule_chase_activities(self):
        """A to-do for the responsible of each milestone: chase it. In one
        create; without the "assigned to you" e-mail per to-do (the responsible
        get them all in the morning's digest)."""
        if not self:
            return self.env['mail.activity']
        todo = self.env.ref('mail.mail_activity_data_todo')
        model_id = self.env['ir.model']._get_id(self._name)
        return self.env['mail.activity'].with_context(mail_activity_quick_update=True).create([{
            'res_model_id': model_id,
            'res_id': milestone.id,
            'activity_type_id': todo.id,
            'automated': True,
            'summary': self.env._("Chase: %(milestone)s of %(order)s",
                                  milestone=milestone.name, order=milestone.order_id.name),
            'date_deadline': milestone.due_date,
            'user_id': (milestone.user_id or milestone.merchandiser_id or self.env.user).id,
        } for milestone in self])

    @api.model
    def _refresh_late_forecasts(self):
        """Each morning an order with an open late milestone is one more day
        late: recompute the forecasts of those orders and of their milestones
        (stored for the filters, the grouping and the T&A tab), all together."""
        groups = self._read_group([('state', '=', 'late')], ['order_id'])
        self._refresh_forecasts(self.env['sale.order'].union(*(order for order, in groups)))

    @api.model
    def _refresh_forecasts(self, orders):
        """Recompute the forecasts of these orders and of their milestones,
        all together (``_plan_forecasts``, one pass for all the plans)."""
        milestones = self.search([('order_id', 'in', orders.ids)])
        for records, names in ((milestones, ['forecast_date', 'delay_days', 'slack_days', 'is_critical']),
                               (orders, ['forecast_ship_date', 'delay_days', 'merch_health'])):
            for name in names:
                self.env.add_to_compute(records._fields[name], records)
            records._recompute_recordset(names)

    @api.model
    def _send_chase_digests(self, today):
        """One e-mail to each merchandiser listing first their orders whose
        health worsened since the last digest, then their late and due-soon
        milestones and the samples they must send; none to whoever has
        nothing to chase."""
        window = expression.AND([[('state', '=', 'pending'), ('due_date', '>=', today)],
                                 self._due_window_domain(today)])
        milestones = self.search_fetch(expression.AND([
            [('merchandiser_id', '!=', False)], expression.OR([[('state', '=', 'late')], window])]),
            ['merchandiser_id', 'order_id', 'name', 'partner_id', 'due_date', 'sequence'])
        milestone_lines = milestones._digest_lines(today)
        sample_lines = self.env['merchandising.sample']._to_chase(today)._digest_lines(today)
        order_lines = self.env['sale.order']._merch_worsened_digest_lines(today)
        digests = {user_id: {'orders': order_lines.get(user_id, []),
                             'milestones': milestone_lines.get(user_id, []),
                             'samples': sample_lines.get(user_id, [])}
                   for user_id in set(milestone_lines) | set(sample_lines) | set(order_lines)}
        recipients = self.env['res.users'].browse(list(digests)).filtered('email')
        if recipients:
            template = self.env.ref('merchandising.mail_template_chase_digest')
            template.with_context(merch_digest_date=today, merch_digests=digests).send_mail_batch(recipients.ids)

    def _digest_lines(self, today):
        """{merchandiser id: [DigestLine...]}, oldest due first (the longest
        overdue is the first to chase)."""
        # What the digest shows, one query per model however many milestones
        # and whatever is in the cache already (prefetching reads 1,000
        # records at a time: +8 queries at 100,000 open milestones).
        self.fetch(['merchandiser_id', 'order_id', 'name', 'partner_id', 'due_date', 'sequence'])
        orders = self.order_id.search_fetch([('id', 'in', self.order_id.ids)], ['name', 'partner_id'])
        Partner = self.env['res.partner'].with_context(active_test=False)
        partners = Partner.search_fetch([('id', 'in', (orders.partner_id | self.partner_id).ids)],
                                        ['name', 'commercial_partner_id'])
        Partner.search_fetch([('id', 'in', partners.commercial_partner_id.ids)], ['name'])
        done = self._quantities_done()
        lines = defaultdict(list)
        for milestone in self.sorted(lambda m: (m.due_date, m.order_id.name, m.sequence, m.id)):
            lines[milestone.merchandiser_id.id].append(DigestLine(
                milestone.order_id.name, milestone.order_id.partner_id.commercial_partner_id.name,
                milestone.name, milestone.partner_id.name or '', milestone.due_date,
                max(0, (today - milestone.due_date).days), done.get(milestone.id, '')))
        return lines
