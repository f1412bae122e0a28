from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MerchandisingCostingBreak(models.Model):
    """A price for another quantity on a costing sheet: the buyer asks what
    500 pieces would cost against 3,000. The fixed costs (testing, freight)
    spread over fewer pieces, and a bigger order may take a smaller margin."""

    _name = 'merchandising.costing.break'
    _inherit = ['merchandising.costing.part']
    _description = 'Costing Sheet Price Break'
    _order = 'costing_id, quantity, id'

    quantity = fields.Float(digits='Product Unit of Measure', required=True,
                            help="Pieces ordered at this price.")
    margin_percent = fields.Float(
        'Margin (%)', digits=(5, 2), compute='_compute_margin_percent', store=True, readonly=False, copy=True,
        precompute=True, help="The margin wanted at this quantity, as a share of the price: the sheet's by "
                              "default.")
    currency_id = fields.Many2one(related='costing_id.currency_id')
    unit_price = fields.Monetary(
        compute='_compute_figures',
        help="The price of a piece at the sheet's incoterm for this quantity, in the quotation currency.")
    unit_cost = fields.Monetary(compute='_compute_figures')
    margin_amount = fields.Monetary('Margin', compute='_compute_figures')

    @api.depends('costing_id')
    def _compute_margin_percent(self):
        for price_break in self:
            price_break.margin_percent = price_break.margin_percent or price_break.costing_id.margin_percent

    @api.depends('quantity', 'margin_percent', 'costing_id.line_ids.export_cost', 'costing_id.currency_id',
                 'costing_id.cost_currency_id', 'costing_id.rate_date', 'costing_id.incoterm_id',
                 'costing_id.overhead_percent', 'costing_id.commission_percent', 'costing_id.testing_cost',
                 'costing_id.inland_freight', 'costing_id.ocean_freight', 'costing_id.insurance_percent',
                 'costing_id.duty_percent', 'costing_id.destination_cost')
    def _compute_figures(self):
        rates = self.costing_id._merch_rates()
        for price_break in self:
            sheet = price_break.costing_id
            if price_break.quantity <= 0 or not sheet:
                price_break.unit_price = price_break.unit_cost = price_break.margin_amount = 0.0
                continue
            figures = sheet._merch_figures(price_break.quantity, price_break.margin_percent)
            cost, price = figures[sheet._merch_basis(sheet.incoterm_id)]
            rate = rates[sheet]
            price_break.unit_price = price * rate
            price_break.unit_cost = cost * rate
            price_break.margin_amount = price * rate * price_break.margin_percent / 100

    @api.constrains('quantity', 'margin_percent')
    def _check_break(self):
        for price_break in self:
            sheet = price_break.costing_id
            where = self.env._("%(sheet)s, price break for %(quantity)s pieces", sheet=sheet.display_name,
                               quantity=price_break.quantity)
            if price_break.quantity <= 0:
                raise ValidationError(self.env._(
                    "Costing %(where)s: the %(field)s must be more than 0. Enter the pieces the buyer asks a "
                    "price for.", where=where, field=self._fields['quantity']._description_string(self.env)))
            if not 0 <= price_break.margin_percent < 100:
                raise ValidationError(self.env._(
                    "Costing %(where)s: the %(field)s is %(value)s %%. Enter from 0 to less than 100 %%.",
                    where=where, field=self._fields['margin_percent']._description_string(self.env),
                    value=price_break.margin_percent))
            sheet._merch_check_share_left(price_break.margin_percent, where)
