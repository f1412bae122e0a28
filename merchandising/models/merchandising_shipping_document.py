from odoo import _, api, fields, models
from odoo.exceptions import UserError

DOCUMENT_STATES = [
    ('missing', 'Missing'),
    ('received', 'Received'),
    ('approved', 'Approved'),
]


class MerchandisingShippingDocument(models.Model):
    """One line of an order's document checklist: is the certificate of origin
    here yet, has the customer approved the B/L draft."""

    _name = 'merchandising.shipping.document'
    _description = 'Shipping Document'
    _order = 'order_id, sequence, id'

    order_id = fields.Many2one('sale.order', 'Order', required=True, index=True, ondelete='cascade')
    type_id = fields.Many2one('merchandising.document.type', 'Document', required=True, ondelete='restrict')
    sequence = fields.Integer(related='type_id.sequence', store=True, readonly=True)
    required = fields.Boolean(default=True, help="The order may not ship before it is received.")
    state = fields.Selection(DOCUMENT_STATES, default='missing', required=True)
    date_received = fields.Date('Received On')
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char('File Name')
    note = fields.Char()
    company_id = fields.Many2one(related='order_id.company_id', store=True, readonly=True)

    _sql_constraints = [
        ('type_uniq', 'unique(order_id, type_id)', 'Each document is listed once per order.'),
    ]

    @api.multi
    def write(self, vals):
        res = super(MerchandisingShippingDocument, self).write(vals)
        if vals.get('state') in ('received', 'approved'):
            self.filtered(lambda d: not d.date_received).write(
                {'date_received': fields.Date.context_today(self)})
        return res

    @api.multi
    def action_receive(self):
        return self.write({'state': 'received'})

    @api.multi
    def action_approve(self):
        missing = self.filtered(lambda d: d.state == 'missing')
        if missing:
            raise UserError(_("%s of %s: receive the document before approving it.") % (
                missing[0].type_id.name, missing[0].order_id.name))
        return self.write({'state': 'approved'})
