from odoo import api, fields, models


class ResPartner(models.Model):
    """A customer as the export office serves them: key customers first,
    their shipping marks (唛头), the documents they ask for with every
    shipment, and how often their orders left on time."""

    _inherit = 'res.partner'

    key_customer = fields.Boolean(
        tracking=True,
        help="Key customers (重点客户) are served first: their orders are "
             "starred in the follow-up pipeline and their deliveries are urgent.")
    merch_shipping_marks = fields.Text(
        'Shipping Marks', help="The customer's shipping marks (唛头), copied to their new orders.")
    merch_document_type_ids = fields.Many2many(
        'merchandising.document.type', string='Required Documents',
        help="Documents this customer requires with every shipment (e.g. a certificate of "
             "origin), on top of those every order needs.")
    merch_resource_calendar_id = fields.Many2one(
        'resource.calendar', 'Working Hours',
        help="The factory's or supplier's own working days and public holidays: the lags and "
             "durations of the T&A milestones it delivers count in them. Empty: the company's.")
    merch_otd_rate = fields.Float(
        'On-time Rate, Agreed (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="交期达成率: the share of the customer's orders shipped in the last 12 months that "
             "left by the delivery date last agreed with them (of those you may see).")
    merch_otd_first_rate = fields.Float(
        'On-time Rate, First Promise (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="The same orders against the delivery date they were confirmed with.")
    merch_otd_count = fields.Integer(
        'Orders Shipped (12 Months)', compute='_compute_merch_otd', groups='merchandising.group_merchandiser',
        help="The customer's orders shipped in the last 12 months (of those you may see).")

    merch_factory_on_time_rate = fields.Float(
        'Milestones On Time (%)', compute='_compute_merch_factory_on_time', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="Of the T&A milestones this factory finished in the last 12 months, the share done by "
             "their planned date.")
    merch_factory_milestone_count = fields.Integer(
        'Milestones Done (12 Months)', compute='_compute_merch_factory_on_time',
        groups='merchandising.group_merchandiser')
    merch_receipt_on_time_rate = fields.Float(
        'Receipts On Time (%)', compute='_compute_merch_factory_on_time', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="Of the purchase lines this supplier delivered in full in the last 12 months, the share "
             "received by their expected arrival.")
    merch_receipt_count = fields.Integer(
        'Purchase Lines Received (12 Months)', compute='_compute_merch_factory_on_time',
        groups='merchandising.group_merchandiser')

    @api.depends_context('uid', 'tz')
    @api.depends('commercial_partner_id')
    def _compute_merch_factory_on_time(self):
        # A factory's contact shows its company's rates. One query for all.
        rates = self.env['merchandising.factory.otd.report']._rates(self.commercial_partner_id.ids)
        for partner in self:
            factory = partner.commercial_partner_id.id
            partner.merch_factory_on_time_rate, partner.merch_factory_milestone_count = \
                rates.get((factory, 'milestone'), (0.0, 0))
            partner.merch_receipt_on_time_rate, partner.merch_receipt_count = \
                rates.get((factory, 'receipt'), (0.0, 0))

    def action_view_merch_factory_otd(self):
        """The factory's milestones and receipts of the last 12 months, on time or late."""
        self.ensure_one()
        return self.env['merchandising.factory.otd.report']._action_last_12_months(self.commercial_partner_id)

    @api.depends_context('uid', 'tz')
    @api.depends('commercial_partner_id')
    def _compute_merch_otd(self):
        # Rated as a company: a contact shows the rate of the customer it
        # belongs to. One query for all the partners read.
        rates = self.env['merchandising.otd.report']._rates('partner_id', self.commercial_partner_id.ids)
        for partner in self:
            partner.merch_otd_rate, partner.merch_otd_first_rate, partner.merch_otd_count = rates.get(
                partner.commercial_partner_id.id, (0.0, 0.0, 0))

    def action_view_merch_otd(self):
        """The customer's shipments of the last 12 months, on time or late."""
        self.ensure_one()
        return self.env['merchandising.otd.report']._action_last_12_months('partner_id', self.commercial_partner_id)
