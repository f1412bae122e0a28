from collections import defaultdict, namedtuple

from odoo import api, fields, models

# The order's production documents, by what their events complete
# (merchandising.milestone._bound_documents): purchases of materials or goods,
# subcontracting orders, manufacturing orders. None cancelled.
ProductionDocuments = namedtuple('ProductionDocuments', 'purchases subcontracts productions')

# What changed in this transaction: {model name: ids} of customer orders and
# of purchase and manufacturing orders. The documents' customer orders are
# found, and synced with their milestones, once, just before the commit.
CHANGED_KEY = 'merchandising.documents_changed'

# The order's fields read from its documents.
DOCUMENT_FIELDS = ['merch_purchase_ids', 'merch_production_ids', 'merch_purchase_count', 'merch_production_count',
                   'mrp_production_ids', 'mrp_production_count', 'purchase_order_count']


class SaleOrder(models.Model):
    """The factory's side of the order: the purchase orders of its materials
    and goods, its subcontracting orders and its manufacturing orders, as
    Odoo links them to the order (make-to-order routes, the purchase line's
    or the manufacturing order's sale line), and the T&A milestones their
    events complete.

    Whatever changes a document (a purchaser confirming, the warehouse
    validating a receipt, the workshop finishing an order, a supplier's new
    date), the order's milestones follow it before the commit
    (``_merch_documents_changed``, then ``merchandising.milestone._sync_with_documents``)."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_purchase_ids = fields.Many2many(
        'purchase.order', string='Purchases', compute='_compute_merch_production_documents',
        help="The purchase and subcontracting orders of the order's materials and goods "
             "(make-to-order, or a purchase line linked to one of its lines).")
    merch_production_ids = fields.Many2many(
        'mrp.production', string='Manufacturing', compute='_compute_merch_production_documents',
        help="The order's manufacturing orders in the own workshop.")
    merch_product_line_ids = fields.Many2many(
        'sale.order.line', string='Quantities', compute='_compute_merch_product_line_ids',
        help="The order's product lines: ordered, produced, received and shipped.")
    merch_purchase_count = fields.Integer(compute='_compute_merch_production_documents')
    merch_production_count = fields.Integer(compute='_compute_merch_production_documents')

    def _compute_merch_production_documents(self):
        documents = self._origin._merch_production_documents()
        for order in self:
            found = documents.get(order._origin.id)
            purchases = found.purchases | found.subcontracts if found else self.env['purchase.order']
            productions = found.productions if found else self.env['mrp.production']
            order.merch_purchase_ids, order.merch_production_ids = purchases, productions
            order.merch_purchase_count, order.merch_production_count = len(purchases), len(productions)

    @api.depends('order_line.display_type')
    def _compute_merch_product_line_ids(self):
        for order in self:
            order.merch_product_line_ids = order.order_line.filtered(lambda line: not line.display_type)

    def _merch_production_documents(self):
        """{order id: ProductionDocuments} of these orders (sudo: the
        merchandiser follows what purchasing and the workshop do), cancelled
        documents left out. Odoo's own links: ``_get_purchase_orders``
        (sale_purchase, sale_purchase_stock) and ``mrp_production_ids``
        (sale_mrp), read for all the orders together."""
        orders = self.sudo().filtered('id')
        linked = {order.id: (order._get_purchase_orders(), order.mrp_production_ids) for order in orders}
        purchases = self.env['purchase.order'].sudo().union(*(purchases for purchases, _mos in linked.values()))
        productions = self.env['mrp.production'].sudo().union(*(productions for _pos, productions in linked.values()))
        # What the milestones read of them, for all the orders at once (each
        # order's recordset would read its own).
        purchases.fetch(['partner_id', 'state', 'date_approve', 'name'])
        purchases.order_line.fetch(['display_type', 'product_id', 'product_qty', 'qty_received', 'date_planned',
                                    'product_uom'])
        purchases.picking_ids.fetch(['picking_type_code', 'state', 'date_done'])
        productions.fetch(['state', 'date_start', 'date_finished', 'name', 'product_id', 'qty_produced'])
        subcontracts = purchases._merch_subcontracting()
        found = {order_id: (purchases.filtered(lambda purchase: purchase.state != 'cancel'),
                            productions.filtered(lambda production: production.state != 'cancel'))
                 for order_id, (purchases, productions) in linked.items()}
        return {order_id: ProductionDocuments(purchases - subcontracts, purchases & subcontracts, productions)
                for order_id, (purchases, productions) in found.items()}

    def action_view_merch_purchases(self):
        """The order's purchase and subcontracting orders."""
        self.ensure_one()
        return self._merch_documents_action(self.merch_purchase_ids, 'merchandising.view_purchase_order_list_merchandising',
                                            self.env._("Purchases of %(order)s", order=self.name))

    def action_view_merch_productions(self):
        """The order's manufacturing orders."""
        self.ensure_one()
        return self._merch_documents_action(self.merch_production_ids, 'merchandising.view_mrp_production_list_merchandising',
                                            self.env._("Manufacturing of %(order)s", order=self.name))

    def _merch_documents_action(self, documents, list_view, name):
        # Read-only lists without prices; the form is the documents' own.
        return {
            'type': 'ir.actions.act_window',
            'name': name,
            'res_model': documents._name,
            'views': [(self.env.ref(list_view).id, 'list'), (False, 'form')],
            'domain': [('id', 'in', documents.ids)],
            'context': {'create': False},
        }

    # --- the milestones follow the documents ----------------------------------------

    def _merch_documents_changed(self):
        """These orders' production documents changed (a link left them):
        sync their milestones before the commit."""
        self._merch_changes_pending()['sale.order'].update(self._ids)

    @api.model
    def _merch_documents_touched(self, documents):
        """These purchase or manufacturing orders changed: their customer
        orders sync their milestones before the commit, found then, once for
        all the changes of the transaction (a receipt validated moves its
        purchase order, its lines and its moves: one sync; a manufacturing
        order's state, recomputed at every move, costs nothing here)."""
        self._merch_changes_pending()[documents._name].update(documents._ids)

    @api.model
    def _merch_changes_pending(self):
        # What was read of the documents is read again (Odoo's own
        # mrp_production_ids does not depend on the production's sale line).
        self.env['sale.order'].invalidate_model(DOCUMENT_FIELDS)
        self.env['sale.order.line'].invalidate_model(['merch_qty_produced', 'merch_qty_received'])
        self.env['merchandising.milestone'].invalidate_model(['purchase_ids', 'production_ids'])
        data = self.env.cr.precommit.data
        if CHANGED_KEY not in data:
            data[CHANGED_KEY] = defaultdict(set)
            self.env.cr.precommit.add(self.browse()._merch_sync_documents)
        return data[CHANGED_KEY]

    @api.model
    def _merch_sync_documents(self):
        changed = self.env.cr.precommit.data.pop(CHANGED_KEY, {})
        # sudo: a purchaser, the warehouse or the workshop moves the
        # milestones of orders they may not read; only what their documents
        # say is written. In a clean context: their context is not the sync's.
        user = self.env.user
        env = self.env(context={'lang': user.lang, 'tz': user.tz}, su=True)

        def saved(model):
            return env[model].browse(id_ for id_ in changed.get(model, ()) if isinstance(id_, int)).exists()

        orders = saved('sale.order') | saved('purchase.order')._get_sale_orders() \
            | saved('mrp.production').get_linked_sale_orders()
        orders = orders.filtered(lambda order: order.state == 'sale')
        if orders:
            env['merchandising.milestone']._sync_with_documents(orders)
            env.flush_all()
