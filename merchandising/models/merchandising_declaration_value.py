from odoo import fields, models


class MerchandisingDeclarationValue(models.Model):
    """What a product's customs declaration states for one of the elements
    its HS code requires (申报要素): 成分含量 → 100% cotton, 织造方法 → knitted."""

    _name = 'merchandising.declaration.value'
    _description = 'Declaration Element Value'
    _order = 'product_tmpl_id, sequence, id'

    product_tmpl_id = fields.Many2one(
        'product.template', 'Product', required=True, index=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    element = fields.Char(required=True, help="The element, as named by the HS code.")
    value = fields.Char(help="What the declaration states for this product.")
    company_id = fields.Many2one(related='product_tmpl_id.company_id', store=True)

    _sql_constraints = [
        ('element_uniq', 'unique(product_tmpl_id, element)',
         'Each declaration element is stated once per product.'),
    ]
