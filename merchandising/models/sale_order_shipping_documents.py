from odoo import fields, models


class SaleOrder(models.Model):
    """The documents to collect before shipping (单证): the checklist an
    order starts with on confirmation, from what every order needs and what
    its customer asks for; the "Shipped" gate asks them received."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_document_ids = fields.One2many(
        'merchandising.shipping.document', 'order_id', 'Documents', copy=False,
        help="The documents to collect before shipping, listed on confirmation.")

    def _merch_confirmation_values(self):
        """A confirmed order starts with its document checklist: what every
        order needs and what its customer asks for."""
        values = super()._merch_confirmation_values()
        DocumentType = self.env['merchandising.document.type']
        always = DocumentType._always_required()
        checklist = []
        for order in self:
            types = DocumentType.browse([type_id for type_id, company_id in always
                                         if company_id in (False, order.company_id.id)])
            types |= order.partner_id.commercial_partner_id.merch_document_type_ids.filtered(
                lambda t: not t.company_id or t.company_id == order.company_id)
            # In their list's order (a key: sorted() alone would search them again).
            missing = (types - order.merch_document_ids.type_id).sorted(lambda t: (t.sequence, t.id))
            checklist += [{'order_id': order.id, 'type_id': t.id} for t in missing]
        # sudo: the checklist is listed for whoever confirms, a salesperson
        # too, who may only read documents (like the T&A plan); only the
        # confirmed orders' own lines, of the types they require, are created.
        self.env['merchandising.shipping.document'].sudo().create(checklist)
        return values
