from odoo import fields, models

from ..models.sale_order_customs import CUSTOMS_STATES


class MerchandisingCustomsReset(models.TransientModel):
    """A manager sets an order's customs status back (a declaration withdrawn,
    a release revoked) and says why, for the record. The order's
    ``action_reset_customs`` checks who may and writes the chatter."""

    _name = 'merchandising.customs.reset'
    _description = 'Reset Customs Status'

    order_id = fields.Many2one('sale.order', required=True, readonly=True, ondelete='cascade',
                               default=lambda self: self.env.context.get('active_id'))
    state = fields.Selection(CUSTOMS_STATES, 'Reset To', required=True, default='none',
                             help="The status the order goes back to; the dates of the later steps are cleared.")
    reason = fields.Text(required=True, help="Why the status goes back; posted on the order.")

    def action_reset(self):
        self.ensure_one()
        self.order_id.action_reset_customs(self.reason, self.state)
        return {'type': 'ir.actions.act_window_close'}
