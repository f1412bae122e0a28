from odoo import api, fields, models

COSTING_GROUPS = 'merchandising.group_merchandiser,sales_team.group_sale_salesman'


class SaleOrderLine(models.Model):
    """A quotation line priced on a costing sheet: the sheet applied, and the
    margin its price leaves against that sheet's cost at the order's
    incoterm — what the margin gate checks on confirmation."""

    # One class per feature, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order.line'

    merch_costing_id = fields.Many2one(
        'merchandising.costing', 'Costing', readonly=True, copy=False, index='btree_not_null',
        ondelete='set null', groups=COSTING_GROUPS,
        help="The costing sheet version whose price was applied to this line.")
    merch_costing_ids = fields.One2many(
        'merchandising.costing', 'order_line_id', 'Costing Sheets', groups=COSTING_GROUPS)
    merch_costing_cost = fields.Monetary(
        'Unit Cost', compute='_compute_merch_costing_margin', groups=COSTING_GROUPS,
        help="What a unit costs by the applied costing, at the order's incoterm, in the order's currency.")
    merch_costing_margin = fields.Float(
        'Margin (%)', digits=(5, 1), compute='_compute_merch_costing_margin', groups=COSTING_GROUPS,
        help="What the price leaves after the applied costing's cost and the commission, as a share of the "
             "price.")

    @api.depends('merch_costing_id', 'price_unit', 'product_uom', 'order_id.incoterm', 'order_id.currency_id')
    def _compute_merch_costing_margin(self):
        for line in self:
            figures = line._merch_costing_figures()
            line.merch_costing_cost = figures['cost'] if figures else 0.0
            line.merch_costing_margin = figures['margin'] if figures else 0.0

    def _merch_costing_figures(self):
        """The line's price, its applied costing's cost and commission (%), and
        the margin (%) left, in the order's currency per the line's unit; None
        for a line not costed."""
        self.ensure_one()
        sheet = self.sudo().merch_costing_id  # sudo: the margin is shown to who reads the line
        if not sheet:
            return None
        order = self.order_id
        incoterm = order.incoterm or sheet.incoterm_id
        __, cost, commission = sheet._merch_price_at(incoterm, order.currency_id, self.product_uom)
        price = self.price_unit
        margin = (price - cost - price * commission / 100) / price * 100 if price > 0 else 0.0
        return {'price': price, 'cost': cost, 'commission': commission, 'margin': margin, 'sheet': sheet}

    def action_merch_costing(self):
        """The line's costing sheet: the one applied, else the latest made,
        else a new one for the line."""
        self.ensure_one()
        sheet = self.merch_costing_id or self.merch_costing_ids.sorted(
            lambda sheet: (sheet.origin_id.id, sheet.version, sheet.id))[-1:]
        action = {
            'type': 'ir.actions.act_window',
            'name': self.env._("Costing Sheet"),
            'res_model': 'merchandising.costing',
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'current',
        }
        if sheet:
            return dict(action, res_id=sheet.id)
        return dict(action, context={'default_order_line_id': self.id})
