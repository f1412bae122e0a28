from odoo import fields, models


class SaleOrder(models.Model):
    """Key customers served first (重点客户优先): the deliveries of a key
    customer's order are urgent."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    key_customer = fields.Boolean(
        related='partner_id.commercial_partner_id.key_customer', store=True, precompute=True,
        help="The customer is a key customer (重点客户): serve first.")

    def _action_confirm(self):
        res = super()._action_confirm()
        # After the deliveries exist (sale_stock, under the core's super()).
        self._merch_prioritise_key_customers()
        return res

    def _merch_prioritise_key_customers(self):
        """重点客户优先: the deliveries of a key customer's order are urgent, so
        that reservation serves them first when stock is short."""
        pickings = self.filtered('key_customer').picking_ids.filtered(
            lambda p: p.state not in ('done', 'cancel') and p.priority != '1')
        if pickings:
            pickings.write({'priority': '1'})
