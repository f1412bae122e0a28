from collections import defaultdict, namedtuple

from odoo import api, fields, models


REVISION_KINDS = [
    ('revised', 'New promise'),
    ('planned', 'Re-planned'),
]

# What made an order late: the critical milestone, the reason (empty when
# none was recorded) and the days it cost.
DelayCause = namedtuple('DelayCause', 'milestone reason days')


class MerchandisingMilestoneRevision(models.Model):
    """One move of a milestone's date, as it happened: the factory's new
    promise (revised date) or a re-plan (planned date), who entered it and
    when, the old and the new date, and why. Never edited: the record of
    what each slip cost."""

    _name = 'merchandising.milestone.revision'
    _description = 'T&A Date Revision'
    _order = 'create_date desc, id desc'
    _rec_name = 'milestone_id'

    milestone_id = fields.Many2one('merchandising.milestone', required=True, index=True, ondelete='cascade',
                                   readonly=True)
    order_id = fields.Many2one(related='milestone_id.order_id', store=True, index=True, precompute=True)
    company_id = fields.Many2one(related='milestone_id.company_id', store=True, precompute=True)
    kind = fields.Selection(REVISION_KINDS, required=True, readonly=True, default='revised')
    old_date = fields.Date('From', readonly=True, help="The date before: the earlier promise, else the planned date.")
    new_date = fields.Date('To', readonly=True, help="The new date; empty when a promise was withdrawn.")
    days = fields.Integer(
        compute='_compute_days', store=True, aggregator='sum',
        help="How many days later the new date is than the one before (negative when earlier).")
    reason_id = fields.Many2one('merchandising.delay.reason', required=True, readonly=True,
                                ondelete='restrict')
    note = fields.Char(readonly=True)
    # Who entered it and when: its create_uid and create_date.

    @api.depends('old_date', 'new_date')
    def _compute_days(self):
        for revision in self:
            both = revision.old_date and revision.new_date
            revision.days = (revision.new_date - revision.old_date).days if both else 0

    @api.model
    def _delay_causes(self, orders):
        """{order: DelayCause} of the orders late or at risk: the reason on
        their critical path that cost the most days (the sum of the moves of
        the critical milestones' dates, per reason; ties to the first reason
        of the list), with the critical milestone it cost the most on. An
        order whose critical path moved for no recorded reason gets its first
        critical milestone past its deadline, without a reason.

        The on-time report's ``delay_reason_id`` is this rule in SQL
        (``merchandising.otd.report._query``)."""
        by_order = defaultdict(lambda: defaultdict(list))
        for order, reason, milestone, days in self._read_group(
                [('order_id', 'in', orders.ids), ('milestone_id.is_critical', '=', True)],
                ['order_id', 'reason_id', 'milestone_id'], ['days:sum']):
            by_order[order][reason].append((days, milestone))
        causes = {}
        for order, reasons in by_order.items():
            days, reason = max(((sum(days for days, dummy in moves), reason) for reason, moves in reasons.items()),
                               key=lambda cause: (cause[0], -cause[1].sequence, -cause[1].id))
            if days > 0:
                dummy, milestone = max(reasons[reason], key=lambda move: (move[0], -move[1].sequence))
                causes[order] = DelayCause(milestone, reason, days)
        # No recorded reason: the first critical milestone past its deadline
        # (done late, or open and overdue) holds the rest up.
        behind = self.env['merchandising.milestone'].search_fetch(
            [('order_id', 'in', (orders - self.env['sale.order'].union(*causes)).ids),
             ('is_critical', '=', True), ('state', '!=', 'skipped')],
            ['order_id', 'name', 'due_date', 'forecast_date', 'sequence'], order='order_id, sequence, id')
        for milestone in behind:
            if milestone.order_id not in causes and milestone.forecast_date > milestone.due_date:
                causes[milestone.order_id] = DelayCause(
                    milestone, self.env['merchandising.delay.reason'],
                    (milestone.forecast_date - milestone.due_date).days)
        return causes
