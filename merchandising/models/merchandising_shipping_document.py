from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

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
    _inherit = ['merchandising.state.mixin']
    _order = 'order_id, sequence, id'
    _state_transitions = TRANSITIONS
    # The day it arrived, whether it is received or approved first.
    _state_dates = {'received': 'date_received', 'approved': 'date_received'}
    _state_hint = _lt("use the document's buttons: Received, then Approved")

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

    def _state_moved(self, state, previous):
        # No chatter of its own: the order's chatter says who moved which document.
        labels = dict(self._fields['state']._description_selection(self.env))
        bodies = {}
        for document in self:
            bodies.setdefault(document.order_id.id, []).append(self.env._(
                "%(document)s: %(previous)s → %(state)s", document=document.type_id.name,
                previous=labels[previous[document.id]], state=labels[state]))
        self.order_id._message_log_batch({order_id: Markup('<br/>').join(lines) for order_id, lines in bodies.items()})
        return super()._state_moved(state, previous)

    def action_receive(self):
        return self._move_to('received')

    def action_approve(self):
        return self._move_to('approved')

    def action_mark_missing(self):
        return self._move_to('missing')
