from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    """The order's packing (装箱): packages, weights and volume, estimated
    from the lines' products and packagings on confirmation, and the
    shipping marks printed on every carton."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_shipping_marks = fields.Text(
        'Shipping Marks', compute='_compute_merch_shipping_marks', store=True, readonly=False, precompute=True,
        help="唛头: what is printed on every carton. Defaults from the customer.")
    merch_packages = fields.Integer(
        'Packages', copy=False, help="Estimated from the lines' packagings on confirmation.")
    merch_gross_weight = fields.Float(
        'Gross Weight (kg)', digits=(16, 2), copy=False,
        help="Starts at the net weight: add the packing once the cartons are weighed.")
    merch_net_weight = fields.Float(
        'Net Weight (kg)', digits=(16, 2), copy=False, help="Estimated from the products' weights on confirmation.")
    merch_volume = fields.Float(
        'Volume (m³)', digits=(16, 3), copy=False, help="Estimated from the products' volumes on confirmation.")

    @api.depends('partner_id')
    def _compute_merch_shipping_marks(self):
        for order in self:
            order.merch_shipping_marks = order.partner_id.commercial_partner_id.merch_shipping_marks

    @api.constrains('merch_net_weight', 'merch_gross_weight', 'merch_packages', 'merch_volume')
    def _check_merch_weights(self):
        for order in self:
            if min(order.merch_net_weight, order.merch_gross_weight, order.merch_packages, order.merch_volume) < 0:
                raise ValidationError(self.env._(
                    "%(order)s: packages, weights and volume cannot be negative.", order=order.name))
            if order.merch_net_weight > order.merch_gross_weight:
                raise ValidationError(self.env._(
                    "%(order)s: the Net Weight (%(net)s kg) is above the Gross Weight (%(gross)s kg); the gross "
                    "weight includes the packing. Correct one of them.",
                    order=order.name, net=order.merch_net_weight, gross=order.merch_gross_weight))

    def _merch_confirmation_values(self):
        """A confirmed order starts with packing figures estimated from its
        lines, unless some were entered."""
        values = super()._merch_confirmation_values()
        for order in self:
            if not (order.merch_packages or order.merch_net_weight or order.merch_volume):
                values[order.id].update(order._merch_packing_from_lines())
        return values

    def action_compute_packing(self):
        """Packages, weights and volume from the order lines' products: net
        weight and volume from the product's weight and volume, packages from
        the line's packaging (or the product's first); the gross weight starts
        at the net weight, for the merchandiser to add the packing."""
        for order in self:
            order.write(order._merch_packing_from_lines())
        return True

    def _merch_packing_from_lines(self):
        self.ensure_one()
        estimates = self._merch_line_estimates()
        net = sum(estimate['net'] for estimate in estimates)
        return {'merch_packages': int(sum(estimate['packages'] for estimate in estimates)),
                'merch_net_weight': net, 'merch_gross_weight': max(net, self.merch_gross_weight),
                'merch_volume': sum(estimate['volume'] for estimate in estimates)}

    def _merch_goods_lines(self):
        """The lines that ship: goods, not services, freight, notes or empty lines."""
        return self.order_line.filtered(
            lambda line: line.product_id.type == 'consu' and not line.is_delivery and not line.display_type
            and line.product_uom_qty)

    def _merch_line_estimates(self):
        """For each line of goods: its packages (from the line's packaging, or
        the product's first), net weight and volume (from the product)."""
        estimates = []
        for line in self._merch_goods_lines():
            quantity = line.product_uom._compute_quantity(line.product_uom_qty, line.product_id.uom_id)
            packaging = line.product_packaging_id or line.product_id.packaging_ids[:1]
            estimates.append({
                'line': line,
                'packages': -(-quantity // packaging.qty) if packaging.qty else 0,
                'net': quantity * line.product_id.weight,
                'volume': quantity * line.product_id.volume,
            })
        return estimates
