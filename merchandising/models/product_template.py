import logging

from odoo import Command, api, fields, models

_logger = logging.getLogger(__name__)


class ProductTemplate(models.Model):
    """A product as customs see it: its HS code (with the category's as
    fallback), its names on the declaration and the value of each element the
    code requires.

    One HS code for users: OCA's ``hs_code_id``. The plain ``hs_code`` of
    ``stock_delivery`` (what carriers print on their labels) and its
    ``country_of_origin`` follow OCA's ``hs_code_id`` and ``origin_country_id``
    and are hidden, as OCA's product_harmonized_system_delivery does.
    """

    _inherit = 'product.template'

    hs_code = fields.Char(
        related='hs_code_id.hs_code', store=True,
        help="The 6-digit international code of the product's H.S. code, for the carriers.")
    country_of_origin = fields.Many2one(
        related='origin_country_id', store=True,
        help="The product's country of origin, for the carriers.")
    merch_customs_name_cn = fields.Char(
        'Customs Name (Chinese)', help="The product's name on the Chinese declaration (报关品名).")
    merch_customs_name_en = fields.Char(
        'Customs Name (English)', help="The product's name on the commercial invoice and packing list.")
    merch_declaration_value_ids = fields.One2many(
        'merchandising.declaration.value', 'product_tmpl_id', 'Declaration Elements', copy=True,
        help="What the declaration states for each element the HS code requires (申报要素).")

    # An onchange, not a computed field: the lines are also written with the
    # code in one write, through the variant, whose related fields write the
    # template field by field (a compute would list the elements twice).
    @api.onchange('hs_code_id', 'categ_id')
    def _onchange_merch_declaration_elements(self):
        # A new code (or category) brings its elements; values already given stay.
        commands = self._merch_declaration_lines()
        if commands:
            self.merch_declaration_value_ids = commands

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
            return self.env._("%(product)s has no HS code: set one on the product or its category.",
                              product=self.display_name)
        values = {line.element: line.value for line in self.merch_declaration_value_ids}
        missing = [name for name in hs_code._merch_element_names() if not (values.get(name) or '').strip()]
        if missing:
            return self.env._("%(product)s: the declaration elements %(elements)s of HS code %(code)s have no "
                              "value. Fill them in on the product's Customs tab.",
                              product=self.display_name, elements=', '.join(missing), code=hs_code.local_code)
        return None

    def _merch_declaration_text(self):
        """The elements' values as the declaration states them: 针织|男式|100%棉."""
        self.ensure_one()
        return '|'.join(line.value or '' for line in self.merch_declaration_value_ids)

    def action_merch_fill_declaration_elements(self):
        """Add a line for each element of the HS code the product lacks (after
        the code or its template changed); values already given stay."""
        for product in self:
            commands = product._merch_declaration_lines()
            if commands:
                product.merch_declaration_value_ids = commands
        return True

    def _merch_declaration_lines(self):
        """The commands giving the product one element line per element of its
        code, in the code's order, with the values already given; elements
        the code no longer asks for go. None when the lines are right."""
        hs_code = self._merch_hs_code()
        names = hs_code._merch_element_names() if hs_code else []
        current = {line.element: line for line in self.merch_declaration_value_ids}
        if list(current) == names:
            return None
        values = {element: line.value for element, line in current.items()}
        return [Command.clear()] + [Command.create({'element': name, 'value': values.get(name), 'sequence': sequence})
                                    for sequence, name in enumerate(names)]

    @api.model
    def _merch_adopt_delivery_customs_data(self):
        """At install: the HS codes and countries of origin typed in
        stock_delivery's plain fields move to the fields users keep (an H.S.
        code record per distinct code). A code that is not valid here (a
        Chinese company's code of fewer than 10 digits) stays where it was,
        for a user to correct."""
        HsCode = self.env['hs.code'].with_context(active_test=False)
        products = self.with_context(active_test=False).search([('hs_code_id', '=', False), ('hs_code', '!=', False)])
        by_code = products.grouped(lambda product: HsCode._merch_normalise({'local_code': product.hs_code})[
            'local_code'].replace(' ', ''))
        valid = {}
        for local_code, group in by_code.items():
            problem = HsCode._merch_local_code_problem(local_code)
            if problem:
                _logger.warning("%s (products %s)", problem, group.ids)
            else:
                valid[local_code] = group
        codes = {code.local_code: code for code in HsCode.search([('local_code', 'in', list(valid))])}
        missing = [local_code for local_code in valid if local_code not in codes]
        for code in HsCode.create([{'local_code': local_code} for local_code in missing]):
            codes[code.local_code] = code
        for local_code, group in valid.items():
            group.hs_code_id = codes[local_code]
        origins = self.with_context(active_test=False).search(
            [('origin_country_id', '=', False), ('country_of_origin', '!=', False)])
        for country, group in origins.grouped('country_of_origin').items():
            group.origin_country_id = country
