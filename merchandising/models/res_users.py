from odoo import _, api, fields, models


class ResUsers(models.Model):
    """A merchandiser's on-time delivery rate (交期达成率) over the last 12
    months, on the user's form."""

    _inherit = 'res.users'

    merch_otd_rate = fields.Float(
        'On-time Rate (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="Share of the orders this merchandiser shipped in the last 12 months that left by "
             "the promised date.")
    merch_otd_count = fields.Integer(
        'Orders Shipped (12 Months)', compute='_compute_merch_otd',
        groups='merchandising.group_merchandiser')

    @api.multi
    def _compute_merch_otd(self):
        report = self.env['merchandising.otd.report']
        rates = report._rates('merchandiser_id', [
            ('merchandiser_id', 'in', self.ids), ('ship_date', '>=', report._since(months=12))])
        for user in self:
            user.merch_otd_rate, user.merch_otd_count = rates.get(user.id, (0.0, 0))

    @api.multi
    def action_view_merch_otd(self):
        self.ensure_one()
        report = self.env['merchandising.otd.report']
        return report._action_for(
            [('merchandiser_id', '=', self.id), ('ship_date', '>=', report._since(months=12))],
            _("On-time Delivery of %s") % self.name)
