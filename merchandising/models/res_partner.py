from odoo import fields, models


class ResPartner(models.Model):
    _name = 'res.partner'
    _inherit = ['res.partner', 'merchandising.otd.mixin']

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

    def _merch_otd_key(self):
        # Rated as a company: a contact shows the rate of the customer it belongs to.
        return 'partner_id', lambda partner: partner.commercial_partner_id.id
