from odoo import models

WATCHED = {'sale_line_id', 'date_start', 'date_finished', 'state', 'qty_producing'}


class MrpProduction(models.Model):
    """A manufacturing order of the own workshop for a customer order (its
    sale line, or the order's make-to-order route). Starting and finishing it
    complete the order's production milestones; its scheduled start and
    finish revise them until then."""

    _inherit = 'mrp.production'

    def _compute_state(self):
        # The state follows the moves and work orders: it is computed, so the
        # milestones hear of it here rather than in a button. Only noted:
        # the customer orders are found once, before the commit.
        res = super()._compute_state()
        self.env['sale.order']._merch_documents_touched(self)
        return res

    def write(self, vals):
        if not WATCHED & vals.keys():
            return super().write(vals)
        if 'sale_line_id' in vals:
            # The order the production leaves is synced too.
            self.get_linked_sale_orders()._merch_documents_changed()
        res = super().write(vals)
        self.env['sale.order']._merch_documents_touched(self)
        return res
