from odoo import api, fields, models


class StockPicking(models.Model):
    """The warehouse's delivery of an export order, showing what the loading
    crew needs from the merchandiser: customs status, containers, marks; its
    validation is the order's actual ship date."""

    _inherit = 'stock.picking'

    merch_customs_state = fields.Selection(
        related='sale_id.merch_customs_state', string='Customs Status', readonly=True)
    merch_container_ids = fields.One2many(
        related='sale_id.merch_container_ids', string='Containers', readonly=True)
    merch_shipping_marks = fields.Text(
        related='sale_id.merch_shipping_marks', string='Shipping Marks', readonly=True)
    key_customer = fields.Boolean(related='sale_id.key_customer', readonly=True)

    @api.multi
    def action_done(self):
        res = super(StockPicking, self).action_done()
        self.mapped('sale_id')._merch_record_ship_date()
        return res
