from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    key_customer = fields.Boolean(
        'Key Customer',
        help="Key customers (重点客户) are served first: their orders are "
             "starred in the follow-up pipeline and their deliveries are urgent.")
    merch_shipping_marks = fields.Text(
        'Shipping Marks', help="The customer's shipping marks (唛头), copied to their new orders.")
    merch_document_type_ids = fields.Many2many(
        'merchandising.document.type', string='Required Documents',
        help="Documents this customer requires with every shipment (e.g. a certificate of "
             "origin), on top of those every order needs.")

    merch_otd_rate = fields.Float(
        'On-time Rate (%)', compute='_compute_merch_otd', digits=(16, 1),
        groups='merchandising.group_merchandiser',
        help="Share of the orders shipped in the last 12 months that left by the promised date.")
    merch_otd_count = fields.Integer(
        'Orders Shipped (12 Months)', compute='_compute_merch_otd', groups='merchandising.group_merchandiser')

    @api.multi
    def _compute_merch_otd(self):
        # Rated as a company: a contact shows the rate of the customer it belongs to.
        self.env['merchandising.otd.report']._fill_rates(
            self, 'partner_id', lambda partner: partner.commercial_partner_id.id)

    @api.multi
    def action_view_merch_otd(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        return self.env['merchandising.otd.report']._action_last_12_months('partner_id', customer.id, customer.name)
