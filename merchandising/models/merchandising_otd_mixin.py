from odoo import _, api, fields, models


class MerchandisingOtdMixin(models.AbstractModel):
    """The on-time delivery rate (交期达成率) of the last 12 months, on the
    form of whom it measures: a merchandiser (res.users), a customer
    (res.partner)."""

    _name = 'merchandising.otd.mixin'
    _description = 'On-time Delivery Rate'

    merch_otd_rate = fields.Float(
        'On-time Rate (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="Share of the orders shipped in the last 12 months that left by the promised date.")
    merch_otd_count = fields.Integer(
        'Orders Shipped (12 Months)', compute='_compute_merch_otd',
        groups='merchandising.group_merchandiser')

    def _merch_otd_key(self):
        """The report's many2one that measures these records, and the value
        of it for each record."""
        raise NotImplementedError

    def _merch_otd_domain(self, keys):
        report = self.env['merchandising.otd.report']
        field = self._merch_otd_key()[0]
        return [(field, 'in', keys), ('ship_date', '>=', report._since(months=12))]

    @api.multi
    def _compute_merch_otd(self):
        field, key_of = self._merch_otd_key()
        rates = self.env['merchandising.otd.report']._rates(
            field, self._merch_otd_domain([key_of(record) for record in self]))
        for record in self:
            record.merch_otd_rate, record.merch_otd_count = rates.get(key_of(record), (0.0, 0))

    @api.multi
    def action_view_merch_otd(self):
        self.ensure_one()
        key_of = self._merch_otd_key()[1]
        return self.env['merchandising.otd.report']._action_for(
            self._merch_otd_domain([key_of(self)]), _("On-time Delivery: %s") % self.display_name)
