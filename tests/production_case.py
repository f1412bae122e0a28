"""What the tests of the factory's side start from: a confirmed order on the
standard T&A template, a mill, a knitting subcontractor, a purchaser without
sales rights, and helpers that do what purchasing, the warehouse and the
workshop do in Odoo."""
from odoo import Command
from odoo.tests import Form

from tna_case import TnaCase


class ProductionCase(TnaCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purchaser = cls._user('Ma Tao', 'test_purchaser', cls.env.ref('purchase.group_purchase_user'))
        cls.purchaser.groups_id |= cls.env.ref('stock.group_stock_user')
        cls.mill = cls.env['res.partner'].create({'name': 'Wuxi Wool Mill', 'is_company': True})
        cls.knitter = cls.env['res.partner'].create({'name': 'Tongxiang Knitting', 'is_company': True})
        cls.fabric = cls.env['product.product'].create({
            'name': 'Merino jersey 180 g', 'type': 'consu', 'is_storable': True,
            'uom_id': cls.env.ref('uom.product_uom_meter').id, 'uom_po_id': cls.env.ref('uom.product_uom_meter').id})
        cls.yarn = cls.env['product.product'].create({'name': 'Merino yarn 2/48', 'type': 'consu'})
        cls.supplier_date = cls.env.ref('merchandising.delay_reason_supplier_date')

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        self.order.action_confirm()
        self.line = self.order.order_line
        self.plan = {milestone.name: milestone for milestone in self.order.merch_milestone_ids}

    def _purchase(self, vendor, product, quantity, date_planned, sale_line=None):
        """A purchase order for the order's line, as purchasing enters it."""
        return self.env['purchase.order'].with_user(self.purchaser).create({
            'partner_id': vendor.id,
            'order_line': [Command.create({
                'product_id': product.id, 'product_qty': quantity, 'price_unit': 3.2,
                'date_planned': date_planned, 'sale_line_id': (sale_line or self.line).id})],
        }).sudo()

    def _receive(self, purchase, quantity=None):
        """The warehouse validates the purchase's receipt (all of it, or a part without backorder)."""
        receipt = purchase.picking_ids.filtered(lambda picking: picking.state not in ('done', 'cancel'))
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty if quantity is None else quantity
            move.picked = True
        result = receipt.with_user(self.purchaser).button_validate()
        if isinstance(result, dict) and result.get('res_model') == 'stock.backorder.confirmation':
            Form(self.env['stock.backorder.confirmation'].with_context(result['context'])).save().process()
        return receipt

    def _sync(self):
        """The end of the request: documents changed, milestones follow."""
        self._flush_tracking()

    def _manufacturing(self, quantity=500, date_start='2027-01-25 08:00:00'):
        """A manufacturing order in the own workshop for the order's line."""
        bom = self.env['mrp.bom'].create({
            'product_tmpl_id': self.product.product_tmpl_id.id, 'product_qty': 1,
            'bom_line_ids': [Command.create({'product_id': self.yarn.id, 'product_qty': 0.3})]})
        production = self.env['mrp.production'].create({
            'product_id': self.product.id, 'bom_id': bom.id, 'product_qty': quantity,
            'date_start': date_start, 'sale_line_id': self.line.id})
        production.action_confirm()
        return production
