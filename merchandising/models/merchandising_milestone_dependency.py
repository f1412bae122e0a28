from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_acyclic


class MerchandisingMilestoneDependency(models.Model):
    """What a milestone of an order's T&A plan waits for: it starts when
    this earlier one is finished, a number of working days later (the lag).
    The forecast runs through these links: production cannot start before
    its fabric is in, however early the PP sample was approved."""

    _name = 'merchandising.milestone.dependency'
    _inherit = ['merchandising.milestone.link']
    _description = 'T&A Predecessor'
    _order = 'milestone_id, predecessor_id'

    milestone_id = fields.Many2one(
        'merchandising.milestone', required=True, index=True, ondelete='cascade')
    predecessor_id = fields.Many2one(
        'merchandising.milestone', required=True, index=True, ondelete='cascade',
        domain="[('order_id', '=', order_id), ('id', '!=', milestone_id)]",
        help="The milestone that must be finished first (finish-to-start).")
    order_id = fields.Many2one(related='milestone_id.order_id', store=True, index=True, precompute=True)
    company_id = fields.Many2one(related='milestone_id.company_id', store=True, precompute=True)

    _sql_constraints = [
        ('predecessor_uniq', 'unique(milestone_id, predecessor_id)', 'A milestone waits for each predecessor once.'),
    ]

    @api.constrains('milestone_id', 'predecessor_id', 'lag_days')
    def _check_network(self):
        for dependency in self:
            milestone, predecessor = dependency.milestone_id, dependency.predecessor_id
            if predecessor.order_id != milestone.order_id:
                raise ValidationError(self.env._(
                    "%(milestone)s of %(order)s: its predecessor %(predecessor)s belongs to another order "
                    "(%(other)s). Choose a milestone of the same order's plan.",
                    milestone=milestone.name, order=milestone.order_id.name,
                    predecessor=predecessor.name, other=predecessor.order_id.name))
        self.milestone_id._check_starts_after_order_date(self)
        for order in self.order_id:
            check_acyclic(order.merch_milestone_ids, order.name)
