from odoo import api, models

# What of a purchase line the T&A reads: its customer order, its expected
# arrival, what it buys.
WATCHED = {'sale_line_id', 'date_planned', 'product_qty', 'product_id'}


class PurchaseOrderLine(models.Model):
    """A line of a purchase order, linked to the customer order line it buys
    for (Odoo's ``sale_line_id``: set by a make-to-order service, or by the
    merchandiser or purchaser on the line). Its expected arrival is the
    supplier's date of the milestones it completes."""

    _inherit = 'purchase.order.line'

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self.env['sale.order']._merch_documents_touched(lines.order_id)
        return lines

    def write(self, vals):
        if not WATCHED & vals.keys():
            return super().write(vals)
        if 'sale_line_id' in vals:
            # The order a line leaves is synced too: its milestone opens again.
            self.order_id._get_sale_orders()._merch_documents_changed()
        res = super().write(vals)
        self.env['sale.order']._merch_documents_touched(self.order_id)
        return res

    def unlink(self):
        orders = self.order_id._get_sale_orders()
        res = super().unlink()
        orders._merch_documents_changed()
        return res
