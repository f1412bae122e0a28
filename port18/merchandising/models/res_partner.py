from odoo import fields, models


class ResPartner(models.Model):
    """A customer as the export office serves them: key customers first,
    their shipping marks (唛头) and the documents they ask for with every
    shipment."""

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
