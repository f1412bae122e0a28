from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import check_guarded_create, check_guarded_write

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
    sequence = fields.Integer(related='type_id.sequence', store=True, precompute=True)
    required = fields.Boolean(default=True, help="The order may not ship before it is received.")
    state = fields.Selection(
        DOCUMENT_STATES, default='missing', required=True, readonly=True,
        help="Missing until the document is here; approved when the customer or the bank accepted it.")
    date_received = fields.Date('Received On', help="Set when the document is received, unless given.")
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char('File Name')
    note = fields.Char()
    company_id = fields.Many2one(related='order_id.company_id', store=True, precompute=True)

    _sql_constraints = [
        ('type_uniq', 'unique(order_id, type_id)', 'Each document is listed once per order.'),
    ]

    @api.depends('type_id', 'order_id')
    def _compute_display_name(self):
        for document in self:
            document.display_name = self.env._(
                "%(document)s of %(order)s", document=document.type_id.name or '', order=document.order_id.name or '')

    @api.model_create_multi
    def create(self, vals_list):
        check_guarded_create(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        # The state moves with the buttons (_move_to) only.
        check_guarded_write(self, vals)
        return super().write(vals)

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

    def _move_to(self, state, **values):
        """The one way a document changes state (the buttons call it),
        following the table, with ``values`` written along; the day a
        document arrived is recorded with it, unless given."""
        self._check_transition(state)
        res = super().write(dict(values, state=state))
        if state in ('received', 'approved') and 'date_received' not in values:
            self.filtered(lambda document: not document.date_received).write(
                {'date_received': fields.Date.context_today(self)})
        return res

    def action_receive(self):
        return self._move_to('received')

    def action_approve(self):
        return self._move_to('approved')

    def action_mark_missing(self):
        return self._move_to('missing')
