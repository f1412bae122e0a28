from odoo import fields, models

REQUESTED_BY = [
    ('customer', 'The customer'),
    ('us', 'Us (our delay)'),
]


class MerchandisingPromise(models.Model):
    """A delivery date agreed again with the customer (交期变更): what the
    customer was promised before and now, who asked — the customer or we, for
    our delay —, why, and the buyer's e-mail when there is one. Who entered
    it and when are the record's own. A log nobody edits: the on-time rate
    against the first promise, and any later argument about a date, read it.

    Only the order's New Delivery Date Agreed writes it
    (``sale.order._merch_agree_promise``)."""

    _name = 'merchandising.promise'
    _description = 'Delivery Date Agreed'
    _order = 'order_id, create_date, id'
    _rec_name = 'order_id'

    order_id = fields.Many2one('sale.order', required=True, ondelete='cascade', index=True, readonly=True)
    company_id = fields.Many2one(related='order_id.company_id', store=True)
    old_date = fields.Datetime(
        'Promised Before', readonly=True,
        help="The delivery date promised to the customer until this change (empty: none yet).")
    new_date = fields.Datetime('Promised Now', required=True, readonly=True)
    requested_by = fields.Selection(REQUESTED_BY, 'Asked By', required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    attachment_id = fields.Many2one(
        'ir.attachment', 'Document', readonly=True,
        help="What the customer agreed in, such as the buyer's e-mail.")
    is_correction = fields.Boolean(
        'Correction', readonly=True,
        help="Entered by a merchandising manager after the order shipped, to correct the "
             "promise it is measured against.")
