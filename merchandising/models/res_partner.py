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
        'On-time Rate (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="交期达成率: the share of the customer's orders shipped in the last 12 months that "
             "left by the promised date (of those you may see).")
    merch_otd_count = fields.Integer(
        'Orders Shipped (12 Months)', compute='_compute_merch_otd', groups='merchandising.group_merchandiser',
        help="The customer's orders shipped in the last 12 months (of those you may see).")

    @api.depends_context('uid', 'tz')
    @api.depends('commercial_partner_id')
    def _compute_merch_otd(self):
        # Rated as a company: a contact shows the rate of the customer it
        # belongs to. One query for all the partners read.
        rates = self.env['merchandising.otd.report']._rates('partner_id', self.commercial_partner_id.ids)
        for partner in self:
            partner.merch_otd_rate, partner.merch_otd_count = rates.get(partner.commercial_partner_id.id, (0.0, 0))

    def action_view_merch_otd(self):
        """The customer's shipments of the last 12 months, on time or late."""
        self.ensure_one()
        return self.env['merchandising.otd.report']._action_last_12_months('partner_id', self.commercial_partner_id)
