from odoo import fields, models


class StockPicking(models.Model):
    """The warehouse's delivery of an export order, showing what the loading
    crew needs from the merchandiser: customs status, containers, marks, and
    whether the customer is a key customer (their deliveries are urgent)."""

    _inherit = 'stock.picking'

    merch_customs_state = fields.Selection(related='sale_id.merch_customs_state', string='Customs Status')
    merch_container_ids = fields.One2many(related='sale_id.merch_container_ids', string='Containers')
    merch_shipping_marks = fields.Text(related='sale_id.merch_shipping_marks', string='Shipping Marks')
    key_customer = fields.Boolean(related='sale_id.key_customer')

    def _action_done(self):
        res = super()._action_done()
        self._merch_receipts_changed()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self._merch_receipts_changed()
        return res

    def _merch_receipts_changed(self):
        """A receipt of a purchase or subcontracting order was validated or
        cancelled: the customer orders it serves sync their milestones."""
        purchases = self.filtered(lambda picking: picking.picking_type_code == 'incoming').purchase_id
        if purchases:
            self.env['sale.order']._merch_documents_touched(purchases)
