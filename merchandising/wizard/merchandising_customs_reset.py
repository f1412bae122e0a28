from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..models.sale_order import CUSTOMS_STATES


class MerchandisingCustomsReset(models.TransientModel):
    """A manager sets an order's customs status back (a declaration withdrawn,
    a release revoked) and says why, for the record."""

    _name = 'merchandising.customs.reset'
    _description = 'Reset Customs Status'

    order_id = fields.Many2one('sale.order', 'Order', required=True, readonly=True,
                               default=lambda self: self.env.context.get('active_id'))
    state = fields.Selection(CUSTOMS_STATES, 'Reset To', required=True, default='none')
    reason = fields.Text(required=True, help="Why the status goes back; posted on the order.")

    @api.multi
    def action_reset(self):
        self.ensure_one()
        if not self.env.user.has_group('merchandising.group_merchandising_manager'):
            raise AccessError(_("Only a merchandising manager may reset a customs status."))
        labels = dict(self._fields['state']._description_selection(self.env))
        order = self.order_id
        previous = labels[order.merch_customs_state]
        order.with_context(merch_customs_reset=True).write({'merch_customs_state': self.state})
        order.message_post(body=_("Customs status reset from %s to %s: %s") % (
            previous, labels[self.state], self.reason))
        return {'type': 'ir.actions.act_window_close'}
