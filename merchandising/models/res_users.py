from odoo import api, fields, models


class ResUsers(models.Model):
    """A merchandiser's on-time delivery rate (交期达成率), on the user's form:
    what their manager measures them on."""

    _inherit = 'res.users'

    merch_otd_rate = fields.Float(
        'On-time Rate, Agreed (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="交期达成率: the share of the orders this merchandiser followed, shipped in the last "
             "12 months, that left by the delivery date last agreed with the customer (of those "
             "you may see).")
    merch_otd_first_rate = fields.Float(
        'On-time Rate, First Promise (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="The same orders against the delivery date they were confirmed with.")
    merch_otd_count = fields.Integer(
        'Orders Shipped (12 Months)', compute='_compute_merch_otd', groups='merchandising.group_merchandiser',
        help="The orders this merchandiser followed that shipped in the last 12 months (of those "
             "you may see).")

    @api.depends_context('uid', 'tz')
    def _compute_merch_otd(self):
        # One query for all the users read.
        rates = self.env['merchandising.otd.report']._rates('merchandiser_id', self.ids)
        for user in self:
            user.merch_otd_rate, user.merch_otd_first_rate, user.merch_otd_count = \
                rates.get(user.id, (0.0, 0.0, 0))

    def action_view_merch_otd(self):
        """The merchandiser's shipments of the last 12 months, on time or late."""
        self.ensure_one()
        return self.env['merchandising.otd.report']._action_last_12_months('merchandiser_id', self)
