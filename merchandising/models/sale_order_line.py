from collections import defaultdict

from odoo import fields, models


class SaleOrderLine(models.Model):
    """A line of a customer order, with how far its goods are: ordered,
    produced (by the own workshop's manufacturing orders, or received from a
    subcontractor), received from a factory that sells them made, and
    shipped (Odoo's delivered quantity)."""

    _inherit = 'sale.order.line'

    merch_qty_produced = fields.Float(
        'Produced', compute='_compute_merch_quantities', digits='Product Unit of Measure',
        help="Made of this product for the order: the quantity its manufacturing orders produced "
             "and what its subcontractors delivered; without them, what the factory reported on "
             "the plan's last milestone it reported (cut, sewn, packed).")
    merch_qty_received = fields.Float(
        'Received', compute='_compute_merch_quantities', digits='Product Unit of Measure',
        help="Received of this product for the order on its purchase and subcontracting orders.")

    def _compute_merch_quantities(self):
        orders = self.order_id._origin
        documents = orders._merch_production_documents()
        produced, received = defaultdict(float), defaultdict(float)
        for order_id, found in documents.items():
            for production in found.productions.filtered(lambda mo: mo.state != 'cancel'):
                produced[order_id, production.product_id] += production.product_uom_id._compute_quantity(
                    production.qty_produced, production.product_id.uom_id)
            for purchases, made in ((found.purchases, False), (found.subcontracts, True)):
                for line in purchases.order_line.filtered('product_id'):
                    quantity = line.product_uom._compute_quantity(line.qty_received, line.product_id.uom_id)
                    received[order_id, line.product_id] += quantity
                    if made:
                        produced[order_id, line.product_id] += quantity
        # Without documents making it, the factory's word: the quantity on the
        # last milestone of the plan that has one for the line.
        reported = {}
        # sudo: the factory's reports on the milestones, shown with the order to whoever reads it.
        reports = self.env['merchandising.milestone.quantity'].sudo().search_fetch(
            [('sale_line_id', 'in', self._origin.ids)], ['sale_line_id', 'milestone_id', 'quantity'])
        for report in reports.sorted(lambda report: (report.milestone_id.sequence, report.milestone_id.id)):
            reported[report.sale_line_id.id] = report.quantity
        for line in self:
            key = (line.order_id._origin.id, line.product_id)
            if key not in produced and line._origin.id in reported:
                produced[key] = line.product_uom._compute_quantity(reported[line._origin.id], line.product_id.uom_id)
            to_line_uom = line.product_id.uom_id._compute_quantity
            line.merch_qty_produced = to_line_uom(produced[key], line.product_uom) if line.product_uom else 0.0
            line.merch_qty_received = to_line_uom(received[key], line.product_uom) if line.product_uom else 0.0
