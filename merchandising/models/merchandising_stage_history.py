from odoo import api, fields, models


class MerchandisingStageHistory(models.Model):
    """One stay of an order in a follow-up stage: when it entered, when it
    left, who moved it. The log a merchandiser and their manager read to see
    where an order lost its time; written by the order's stage changes only."""

    _name = 'merchandising.stage.history'
    _description = 'Follow-up Stage History'
    _order = 'date_in desc, id desc'

    order_id = fields.Many2one(
        'sale.order', required=True, index=True, ondelete='cascade',
        readonly=True)
    stage_id = fields.Many2one(
        'merchandising.stage', required=True, ondelete='restrict',
        readonly=True)
    date_in = fields.Datetime(
        'Entered', required=True, readonly=True, default=fields.Datetime.now)
    date_out = fields.Datetime('Left', readonly=True)
    user_id = fields.Many2one(
        'res.users', 'Moved by', readonly=True,
        default=lambda self: self.env.user,
        help="The user who moved the order into this stage.")
    duration_days = fields.Float(
        'Days in Stage', compute='_compute_duration_days', digits=(16, 1),
        help="Days between entering and leaving the stage; for the current "
             "stage, days until now.")
    company_id = fields.Many2one(
        related='order_id.company_id', store=True, precompute=True)

    @api.depends('date_in', 'date_out')
    def _compute_duration_days(self):
        now = fields.Datetime.now()
        for line in self:
            end = line.date_out or now
            line.duration_days = (end - line.date_in).total_seconds() / 86400.0 if line.date_in else 0.0
