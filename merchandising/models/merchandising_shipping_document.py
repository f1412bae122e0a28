from odoo import fields, models
from odoo.exceptions import UserError

DOCUMENT_STATES = [
    ('missing', 'Missing'),
    ('received', 'Received'),
    ('approved', 'Approved'),
]
# Where a document may go from each state: received once it is here, approved
# once received; a wrong file or a withdrawn approval steps back one.
TRANSITIONS = {
    'missing': ('received',),
    'received': ('approved', 'missing'),
    'approved': ('received',),
}


class MerchandisingShippingDocument(models.Model):
    """One line of an order's document checklist: is the certificate of origin
    here yet, has the customer approved the B/L draft. The order may not ship
    before every required document is received."""

    _name = 'merchandising.shipping.document'
    _description = 'Shipping Document'
    _order = 'order_id, sequence, id'

    order_id = fields.Many2one('sale.order', required=True, index=True, ondelete='cascade')
    type_id = fields.Many2one('merchandising.document.type', 'Document', required=True, ondelete='restrict')
    sequence = fields.Integer(related='type_id.sequence', store=True)
    required = fields.Boolean(default=True, help="The order may not ship before it is received.")
    state = fields.Selection(
        DOCUMENT_STATES, default='missing', required=True, readonly=True,
        help="Missing until the document is here; approved when the customer or the bank accepted it.")
    date_received = fields.Date('Received On', help="Set when the document is received, unless given.")
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char('File Name')
    note = fields.Char()
    company_id = fields.Many2one(related='order_id.company_id', store=True)

    _sql_constraints = [
        ('type_uniq', 'unique(order_id, type_id)', 'Each document is listed once per order.'),
    ]

    def write(self, vals):
        # Every writer (button, import, API) follows the table; the day a
        # document arrived is recorded with it.
        if 'state' in vals:
            self._check_transition(vals['state'])
        res = super().write(vals)
        if vals.get('state') in ('received', 'approved'):
            self.filtered(lambda document: not document.date_received).write(
                {'date_received': fields.Date.context_today(self)})
        return res

    def _check_transition(self, state):
        labels = dict(self._fields['state']._description_selection(self.env))
        for document in self:
            if state != document.state and state not in TRANSITIONS[document.state]:
                hint = (self.env._("Receive the document before approving it.") if state == 'approved'
                        else self.env._("It may go to %(allowed)s.", allowed=', '.join(
                            labels[allowed] for allowed in TRANSITIONS[document.state])))
                raise UserError(self.env._(
                    "%(document)s of %(order)s: a document cannot go from %(current)s to %(target)s. %(hint)s",
                    document=document.type_id.name, order=document.order_id.name,
                    current=labels[document.state], target=labels[state], hint=hint))

    def _move_to(self, state):
        """The one way a document changes state (the buttons call it)."""
        return self.write({'state': state})

    def action_receive(self):
        return self._move_to('received')

    def action_approve(self):
        return self._move_to('approved')

    def action_mark_missing(self):
        return self._move_to('missing')
