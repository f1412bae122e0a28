from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ('material', 'Material'),
    ('trim', 'Trim'),
    ('packing', 'Packing'),
    ('labour', 'Labour / CM'),
    ('other', 'Other'),
]


class MerchandisingCostingLine(models.Model):
    """A component of one piece on a costing sheet: the fabric, a zip, the
    carton share, the factory's making (CM). Its consumption per piece at
    the supplier's price, plus the waste in cutting; bought with VAT, it
    costs on export what the rebate does not give back."""

    _name = 'merchandising.costing.line'
    _inherit = ['merchandising.costing.part']
    _description = 'Costing Sheet Component'
    _order = 'costing_id, sequence, id'

    sequence = fields.Integer(default=10)
    kind = fields.Selection(KINDS, required=True, default='material')
    product_id = fields.Many2one(
        'product.product', 'Component', help="The fabric or trim bought: its supplier's price comes in.")
    name = fields.Char(
        'Description', required=True, compute='_compute_from_product', store=True, readonly=False, copy=True,
        precompute=True)
    consumption = fields.Float(
        digits=(16, 4), default=1.0, help="How much of it one piece takes, in its unit.")
    uom_id = fields.Many2one(
        'uom.uom', 'Unit', compute='_compute_from_product', store=True, readonly=False, copy=True,
        precompute=True, help="The unit the consumption and the price are counted in: m, pcs, kg.")
    unit_price = fields.Float(
        digits=(16, 4), compute='_compute_unit_price', store=True, readonly=False, copy=True,
        precompute=True,
        help="The supplier's price per unit, in the sheet's cost currency: the cheapest vendor price of the "
             "component, else its cost.")
    waste_percent = fields.Float(
        'Waste (%)', digits=(5, 2), help="Lost in cutting and sewing, on top of the consumption.")
    vat_included = fields.Boolean(
        'VAT Included', compute='_compute_vat_included', store=True, readonly=False, copy=True, precompute=True,
        help="The price includes VAT (a VAT invoice, 增值税专用发票): the rebate gives part of it back on "
             "export. The factory's making is usually bought without.")
    cost_currency_id = fields.Many2one(related='costing_id.cost_currency_id')
    subtotal = fields.Float(
        digits=(16, 4), compute='_compute_costs',
        help="Consumption × unit price × (1 + waste).")
    export_cost = fields.Float(
        digits=(16, 4), compute='_compute_costs',
        help="The subtotal less the VAT refunded on export: subtotal − subtotal ÷ (1 + VAT) × rebate.")

    @api.depends('product_id')
    def _compute_from_product(self):
        for line in self:
            product = line.product_id
            line.name = product.display_name or line.name
            line.uom_id = product.uom_po_id or line.uom_id

    @api.depends('product_id', 'uom_id')
    def _compute_unit_price(self):
        for line in self:
            if line.product_id and line.uom_id:
                line.unit_price = line._merch_product_price()
            else:
                line.unit_price = line.unit_price

    def _merch_product_price(self):
        """The component's cheapest vendor price, else its cost, per the
        line's unit in the sheet's cost currency."""
        sheet, product = self.costing_id, self.product_id
        company = sheet.company_id or self.env.company
        date = sheet.rate_date or fields.Date.context_today(self)
        currency = sheet.cost_currency_id or company.currency_id
        seller = product.with_company(company)._select_seller(
            quantity=self.consumption * (sheet.quantity or 1.0), uom_id=product.uom_po_id, date=date)
        if seller:
            price = seller.currency_id._convert(seller.price_discounted, currency, company, date, round=False)
            return seller.product_uom._compute_price(price, self.uom_id)
        price = product.with_company(company).standard_price
        price = company.currency_id._convert(price, currency, company, date, round=False)
        return product.uom_id._compute_price(price, self.uom_id)

    @api.depends('kind')
    def _compute_vat_included(self):
        for line in self:
            line.vat_included = line.kind != 'labour'

    @api.depends('consumption', 'unit_price', 'waste_percent', 'vat_included', 'costing_id.vat_rate',
                 'costing_id.rebate_rate')
    def _compute_costs(self):
        for line in self:
            sheet = line.costing_id
            line.subtotal = line.consumption * line.unit_price * (1 + line.waste_percent / 100)
            refund = line.subtotal / (1 + sheet.vat_rate / 100) * sheet.rebate_rate / 100 if line.vat_included else 0.0
            line.export_cost = line.subtotal - refund

    @api.constrains('uom_id', 'consumption', 'unit_price', 'waste_percent')
    def _check_line(self):
        for line in self:
            where = self.env._("Costing %(sheet)s, line %(line)s “%(name)s”", sheet=line.costing_id.display_name,
                               line=line._merch_position(), name=line.name)
            if not line.uom_id:
                raise ValidationError(self.env._(
                    "%(where)s: the %(field)s is missing. Choose the unit its consumption and price are "
                    "counted in (m, pcs, kg).", where=where, field=self._fields['uom_id']._description_string(
                        self.env)))
            for name in ('consumption', 'unit_price', 'waste_percent'):
                if line[name] < 0:
                    raise ValidationError(self.env._(
                        "%(where)s: the %(field)s is %(value)s. Enter 0 or more.", where=where,
                        field=self._fields[name]._description_string(self.env), value=line[name]))

    def _merch_position(self):
        """The line's number on its sheet, as the merchandiser sees it."""
        lines = self.costing_id.line_ids.sorted(lambda line: (line.sequence, line.id))
        return lines.ids.index(self.id) + 1 if self.id in lines.ids else len(lines)
