from collections import defaultdict

from odoo import fields, models


class PurchaseOrder(models.Model):
    """A purchase order placed for customer orders: the mill's fabric, the
    trims, the goods bought from a factory, or a subcontractor's work (a
    knitting or sewing factory making the product from the components sent
    to it). Its confirmation, its receipts and its expected dates complete
    and revise the customer orders' T&A milestones."""

    _inherit = 'purchase.order'

    merch_is_subcontracting = fields.Boolean(
        'Subcontracting', compute='_compute_merch_is_subcontracting',
        help="It buys the vendor's work on a product made from a subcontracting bill of materials.")

    def _compute_merch_is_subcontracting(self):
        subcontracts = self._merch_subcontracting()
        for purchase in self:
            purchase.merch_is_subcontracting = purchase in subcontracts

    def _merch_subcontracting(self):
        """The subcontracting orders among these: a line buys a product its
        vendor makes from a subcontracting bill of materials. One search of
        the bills for all the orders."""
        lines = self.order_line.filtered('product_id')
        if not lines:
            return self.browse()
        products = lines.product_id
        # sudo: the vendor's bills of materials tell a subcontracting order, for purchase users without mrp rights.
        boms = self.env['mrp.bom'].sudo().search_fetch([
            ('type', '=', 'subcontract'), ('active', '=', True),
            '|', ('product_id', 'in', products.ids),
            '&', ('product_id', '=', False), ('product_tmpl_id', 'in', products.product_tmpl_id.ids),
        ], ['product_id', 'product_tmpl_id', 'subcontractor_ids'])
        makers = defaultdict(set)
        for bom in boms:
            makers[bom.product_id or bom.product_tmpl_id] |= set(bom.subcontractor_ids.commercial_partner_id.ids)

        def subcontracted(purchase):
            vendor = purchase.partner_id.commercial_partner_id.id
            return any(vendor in makers[line.product_id] | makers[line.product_id.product_tmpl_id]
                       for line in purchase.order_line if line.product_id)
        return self.filtered(subcontracted)

    def write(self, vals):
        res = super().write(vals)
        if {'state', 'partner_id', 'date_approve'} & vals.keys():
            self.env['sale.order']._merch_documents_touched(self)
        return res
