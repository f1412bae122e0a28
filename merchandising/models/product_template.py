from odoo import _, api, fields, models


class ProductTemplate(models.Model):
    """A product as customs see it: its HS code (with the category's as
    fallback), its names on the declaration and the value of each element the
    code requires."""

    _inherit = 'product.template'

    merch_customs_name_cn = fields.Char(
        'Customs Name (Chinese)', help="The product's name on the Chinese declaration (报关品名).")
    merch_customs_name_en = fields.Char(
        'Customs Name (English)', help="The product's name on the commercial invoice and packing list.")
    merch_declaration_value_ids = fields.One2many(
        'merchandising.declaration.value', 'product_tmpl_id', 'Declaration Elements', copy=True)

    def _merch_hs_code(self):
        """The product's HS code, else its category's (or a parent's)."""
        self.ensure_one()
        return self.hs_code_id or self.categ_id.get_hs_code_recursively()

    def _merch_declaration_problem(self):
        """What keeps the product from being declared, or None: no HS code,
        or elements of its code without a value."""
        self.ensure_one()
        hs_code = self._merch_hs_code()
        if not hs_code:
            return _("%s has no HS code: set one on the product or its category.") % self.display_name
        values = {line.element: line.value for line in self.merch_declaration_value_ids}
        missing = [name for name in hs_code._merch_element_names() if not (values.get(name) or '').strip()]
        if missing:
            return _("%s: the declaration elements %s of HS code %s have no value.") % (
                self.display_name, ', '.join(missing), hs_code.local_code)
        return None

    def _merch_declaration_text(self):
        """The elements' values as the declaration states them: 针织|男式|100%棉."""
        self.ensure_one()
        return '|'.join(line.value or '' for line in self.merch_declaration_value_ids)

    @api.onchange('hs_code_id', 'categ_id')
    def _onchange_merch_declaration_elements(self):
        self.merch_declaration_value_ids = self._merch_declaration_lines()

    @api.multi
    def action_merch_fill_declaration_elements(self):
        """Add a line for each element of the HS code the product lacks (after
        the code or its template changed); values already given stay."""
        for product in self:
            product.merch_declaration_value_ids = product._merch_declaration_lines()
        return True

    def _merch_declaration_lines(self):
        """The element lines the product should have: one per element of its
        code, in the code's order, with the values already given; elements
        the code no longer asks for go."""
        hs_code = self._merch_hs_code()
        names = hs_code._merch_element_names() if hs_code else []
        values = {line.element: line.value for line in self.merch_declaration_value_ids}
        return [(5, 0, 0)] + [(0, 0, {'element': name, 'value': values.get(name), 'sequence': sequence})
                              for sequence, name in enumerate(names)]
