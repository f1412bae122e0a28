import base64

from odoo import api, fields, models

from ..models.merchandising_promise import REQUESTED_BY


class MerchandisingPromiseWizard(models.TransientModel):
    """New Delivery Date Agreed: the date the customer now expects the goods,
    who asked for it and why, and the buyer's e-mail if there is one. The one
    way a confirmed order's promise moves."""

    _name = 'merchandising.promise.wizard'
    _description = 'New Delivery Date Agreed'

    order_id = fields.Many2one('sale.order', required=True, ondelete='cascade')
    current_date = fields.Datetime('Promised Now', related='order_id.commitment_date')
    first_date = fields.Datetime(related='order_id.merch_first_commitment_date')
    new_date = fields.Datetime('New Delivery Date', required=True)
    requested_by = fields.Selection(REQUESTED_BY, 'Asked By', required=True, default='customer')
    reason = fields.Text(
        required=True,
        help="Why the date changes (the customer moved its launch, the fabric is late...): kept "
             "with the change and shown in the order's chatter.")
    attachment = fields.Binary('Document', help="What the customer agreed in, such as the buyer's e-mail.")
    attachment_name = fields.Char()
    is_correction = fields.Boolean(compute='_compute_is_correction')

    @api.depends('order_id.merch_ship_date')
    def _compute_is_correction(self):
        for wizard in self:
            wizard.is_correction = bool(wizard.order_id.merch_ship_date)

    def action_agree(self):
        self.ensure_one()
        attachment = {'name': self.attachment_name or 'document',
                      'raw': base64.b64decode(self.attachment)} if self.attachment else None
        self.order_id._merch_agree_promise(self.new_date, self.requested_by, self.reason, attachment=attachment)
        return {'type': 'ir.actions.act_window_close'}
