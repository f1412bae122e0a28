from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class MerchandisingMilestoneQuantity(models.Model):
    """How many pieces of an order line the factory has through a milestone
    so far: cut, sewn, packed. The factory reports it in the portal (or the
    merchandiser enters what it said); each report replaces the last."""

    _name = 'merchandising.milestone.quantity'
    _description = 'T&A Milestone Quantity'
    _order = 'milestone_id, sale_line_id'

    milestone_id = fields.Many2one('merchandising.milestone', required=True, ondelete='cascade', index=True)
    sale_line_id = fields.Many2one(
        'sale.order.line', 'Order Line', required=True, ondelete='cascade', index=True,
        domain="[('order_id', '=', order_id), ('display_type', '=', False)]")
    order_id = fields.Many2one(related='milestone_id.order_id', store=True, precompute=True)
    product_id = fields.Many2one(related='sale_line_id.product_id')
    product_uom_qty = fields.Float(related='sale_line_id.product_uom_qty', string='Ordered')
    product_uom = fields.Many2one(related='sale_line_id.product_uom')
    quantity = fields.Float('Done', digits='Product Unit of Measure',
                            help="Pieces of the line through this milestone so far.")
    company_id = fields.Many2one(related='milestone_id.company_id', store=True, precompute=True)

    _sql_constraints = [
        ('milestone_line_unique', 'UNIQUE(milestone_id, sale_line_id)',
         "A milestone has one quantity per order line: change it rather than add another."),
    ]

    @api.constrains('quantity', 'sale_line_id', 'milestone_id')
    def _check_quantity(self):
        for report in self:
            line, milestone = report.sale_line_id, report.milestone_id
            if line.order_id != milestone.order_id or line.display_type:
                raise ValidationError(self.env._(
                    "%(milestone)s of %(order)s: %(line)s is not a product line of this order. Choose one "
                    "of its lines.", milestone=milestone.name, order=milestone.order_id.name,
                    line=line.display_name))
            if report.quantity < 0:
                raise ValidationError(self.env._(
                    "%(milestone)s of %(order)s, %(product)s: the quantity is %(quantity)s. Enter 0 or "
                    "more.", milestone=milestone.name, order=milestone.order_id.name,
                    product=line.product_id.display_name, quantity=report.quantity))
            tolerance = milestone.company_id.merch_overproduction_tolerance
            allowed = line.product_uom_qty * (1 + tolerance / 100.0)
            if float_compare(report.quantity, allowed, precision_rounding=line.product_uom.rounding or 0.01) > 0:
                raise ValidationError(self.env._(
                    "%(milestone)s of %(order)s, %(product)s: %(quantity)s is more than the %(ordered)s "
                    "ordered, beyond the %(tolerance)s %% tolerance (%(allowed)s at most). Enter the "
                    "quantity really done, or ask the merchandiser.",
                    milestone=milestone.name, order=milestone.order_id.name,
                    product=line.product_id.display_name, quantity=report.quantity,
                    ordered=line.product_uom_qty, tolerance=tolerance, allowed=allowed))
