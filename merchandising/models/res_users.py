from odoo import api, fields, models


class ResUsers(models.Model):
    """A merchandiser's on-time delivery rate (交期达成率), on the user's form."""

    _inherit = 'res.users'

    merch_otd_rate = fields.Float(
        'On-time Rate (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="Share of the orders shipped in the last 12 months that left by the promised date.")
    merch_otd_count = fields.Integer(
        'Orders Shipped (12 Months)', compute='_compute_merch_otd', groups='merchandising.group_merchandiser')

    @api.multi
    def _compute_merch_otd(self):
        self.env['merchandising.otd.report']._fill_rates(self, 'merchandiser_id', lambda user: user.id)

    @api.multi
    def action_view_merch_otd(self):
        self.ensure_one()
        return self.env['merchandising.otd.report']._action_last_12_months('merchandiser_id', self.id, self.name)
