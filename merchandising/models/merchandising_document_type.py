from odoo import fields, models


class MerchandisingDocumentType(models.Model):
    """A kind of shipping document the forwarder, customs or the customer's
    bank ask for: commercial invoice, packing list, certificate of origin..."""

    _name = 'merchandising.document.type'
    _description = 'Shipping Document Type'
    _order = 'sequence, id'

    name = fields.Char('Document', required=True, translate=True)
    sequence = fields.Integer(default=10)
    required_by_default = fields.Boolean(
        'Always Required', help="Every export order needs it (e.g. the commercial invoice); other "
                                "types are required by the customers who ask for them.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', help="Leave empty to share between companies.")
