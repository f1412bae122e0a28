"""The factory's documents complete the T&A: a purchase order confirmed, its
receipts done, a manufacturing order started and finished, a subcontractor's
receipt; their own dates revise the milestones with the reason "supplier's
date"; cancelling reopens what they completed."""
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form

from production_case import ProductionCase


@freeze_time('2026-11-26 08:00:00')
class TestPurchasesCompleteMilestones(ProductionCase):

    def test_a_confirmed_purchase_completes_materials_ordered(self):
        ordered = self.plan['Materials ordered']
        purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        self._sync()
        self.assertEqual(ordered.state, 'pending', "a draft purchase order is not an order placed")
        self.assertEqual(ordered.purchase_ids, purchase)
        purchase.with_user(self.purchaser).button_confirm()
        self._sync()
        self.assertEqual((ordered.state, ordered.actual_date, ordered.done_by_documents),
                         ('done', date(2026, 11, 26), True))
        self.assertIn("Materials ordered done on 11/26/2026: %s." % purchase.name,
                      self.order.message_ids.mapped(lambda message: message.preview))

    def test_the_suppliers_date_revises_materials_in_house_and_moves_the_forecast(self):
        in_house = self.plan['Materials in-house']
        forecast = self.order.forecast_ship_date
        self.assertEqual((in_house.planned_date, forecast), (date(2027, 1, 13), date(2027, 3, 3)))
        purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        self._sync()
        self.assertEqual(in_house.revised_date, date(2027, 1, 20))
        self.assertEqual(in_house.revision_ids[:1].reason_id, self.supplier_date)
        self.assertEqual(in_house.revision_ids[:1].note, purchase.name)
        # Materials in-house is on the critical path: 5 working days later, the ship date too.
        self.assertEqual((self.order.forecast_ship_date, self.order.delay_days), (date(2027, 3, 10), 7))
        # The mill postpones once more, on its confirmed order.
        purchase.with_user(self.purchaser).button_confirm()
        purchase.order_line.with_user(self.purchaser).date_planned = '2027-02-01 08:00:00'
        self._sync()
        self.assertEqual(in_house.revised_date, date(2027, 2, 1))
        self.assertEqual(len(in_house.revision_ids), 2)
        self.assertEqual(in_house.state, 'pending')

    def test_receipts_done_complete_materials_in_house_on_their_day(self):
        in_house = self.plan['Materials in-house']
        purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        purchase.with_user(self.purchaser).button_confirm()
        with freeze_time('2026-12-10 09:00:00'):
            self._receive(purchase, quantity=500)
            self._sync()
            self.assertEqual(in_house.state, 'pending', "300 m are still to come on the backorder")
            self._receive(purchase)
            self._sync()
        self.assertEqual((in_house.state, in_house.actual_date), ('done', date(2026, 12, 10)))
        self.assertEqual(self.line.merch_qty_received, 0.0, "fabric, not the product sold")
        self.assertEqual(self.order.merch_purchase_ids, purchase)

    def test_cancelling_the_purchase_reopens_what_it_completed_with_a_note(self):
        ordered = self.plan['Materials ordered']
        purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        purchase.with_user(self.purchaser).button_confirm()
        self._sync()
        self.assertEqual(ordered.state, 'done')
        purchase.with_user(self.purchaser).button_cancel()
        self._sync()
        self.assertEqual((ordered.state, ordered.actual_date, ordered.done_by_documents), ('pending', False, False))
        self.assertIn("Materials ordered open again: its documents were cancelled or unlinked, and none is "
                      "no longer done.", self.order.message_ids.mapped('preview'))

    def test_unlinking_the_line_reopens_and_a_milestone_done_by_hand_stays_done(self):
        ordered, in_house = self.plan['Materials ordered'], self.plan['Materials in-house']
        in_house.with_user(self.merchandiser).action_done()
        purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        purchase.with_user(self.purchaser).button_confirm()
        self._sync()
        self.assertEqual(ordered.state, 'done')
        purchase.order_line.sudo().sale_line_id = False
        self._sync()
        self.assertEqual(ordered.state, 'pending')
        self.assertEqual((in_house.state, in_house.done_by_documents), ('done', False))

    def test_a_milestone_of_the_mill_binds_only_the_mills_purchases(self):
        ordered = self.plan['Materials ordered']
        ordered.with_user(self.merchandiser).partner_id = self.mill
        trims = self._purchase(self.knitter, self.yarn, 100, '2027-01-10 08:00:00')
        trims.button_confirm()
        self._sync()
        self.assertFalse(ordered.purchase_ids)
        self.assertEqual(ordered.state, 'pending')
        fabric = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        fabric.button_confirm()
        self._sync()
        self.assertEqual(ordered.purchase_ids, fabric)
        self.assertEqual(ordered.state, 'done')


@freeze_time('2026-11-26 08:00:00')
class TestManufacturingCompletesMilestones(ProductionCase):

    def test_a_manufacturing_order_revises_starts_and_finishes_production(self):
        start, finish = self.plan['Production start'], self.plan['Production finish']
        production = self._manufacturing(date_start='2027-02-01 08:00:00')
        self._sync()
        self.assertEqual(start.production_ids, production)
        self.assertEqual(start.revised_date, date(2027, 2, 1))
        self.assertEqual(start.revision_ids[:1].reason_id, self.supplier_date)
        self.assertEqual(self.order.merch_production_ids, production)
        with freeze_time('2026-12-14 10:00:00'):
            with Form(production) as form:
                form.qty_producing = 200
            self._sync()
            self.assertEqual(production.state, 'progress')
            self.assertEqual((start.state, start.actual_date), ('done', date(2026, 12, 14)))
            self.assertEqual(finish.state, 'pending')
        with freeze_time('2026-12-18 10:00:00'):
            with Form(production) as form:
                form.qty_producing = 500
            production.move_raw_ids.picked = True
            production.button_mark_done()
            self._sync()
        self.assertEqual(production.state, 'done')
        self.assertEqual((finish.state, finish.actual_date), ('done', date(2026, 12, 18)))
        self.assertEqual(self.line.merch_qty_produced, 500)

    def test_a_cancelled_manufacturing_order_reopens_production_start(self):
        start = self.plan['Production start']
        production = self._manufacturing()
        with Form(production) as form:
            form.qty_producing = 10
        self._sync()
        self.assertEqual(start.state, 'done')
        production.action_cancel()
        self._sync()
        self.assertEqual(start.state, 'pending')


@freeze_time('2026-11-26 08:00:00')
class TestSubcontractingCompletesMilestones(ProductionCase):

    def test_the_subcontractors_receipt_completes_its_milestone(self):
        self.env['mrp.bom'].create({
            'product_tmpl_id': self.product.product_tmpl_id.id, 'product_qty': 1, 'type': 'subcontract',
            'subcontractor_ids': [Command.link(self.knitter.id)],
            'bom_line_ids': [Command.create({'product_id': self.yarn.id, 'product_qty': 0.3})]})
        knitted = self.plan['Production finish']
        knitted.with_user(self.merchandiser).write({
            'completion_event': 'subcontract_received', 'partner_id': self.knitter.id})
        fabric = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        knitting = self._purchase(self.knitter, self.product, 500, '2027-02-15 08:00:00')
        self._sync()
        self.assertTrue(knitting.merch_is_subcontracting)
        self.assertFalse(fabric.merch_is_subcontracting)
        self.assertEqual(knitted.purchase_ids, knitting)
        self.assertEqual(self.plan['Materials ordered'].purchase_ids, fabric,
                         "the subcontractor's order is not a purchase of materials")
        knitting.button_confirm()
        with freeze_time('2027-01-05 09:00:00'):
            self._receive(knitting)
            self._sync()
        self.assertEqual((knitted.state, knitted.actual_date), ('done', date(2027, 1, 5)))
        self.assertEqual((self.line.merch_qty_received, self.line.merch_qty_produced), (500, 500))


@freeze_time('2026-11-26 08:00:00')
class TestWhoSeesTheDocuments(ProductionCase):

    def test_the_merchandiser_reads_the_production_tab(self):
        purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        production = self._manufacturing()
        order = self.order.with_user(self.merchandiser)
        self.assertEqual(order.merch_purchase_ids, purchase)
        self.assertEqual(order.merch_production_ids, production)
        self.assertEqual((order.merch_purchase_count, order.merch_production_count), (1, 1))
        # What the tab shows, as the merchandiser.
        order.merch_purchase_ids.read(['name', 'partner_id', 'date_planned', 'state', 'receipt_status'])
        order.merch_production_ids.read(['name', 'product_id', 'date_start', 'state', 'qty_produced'])
        self.assertEqual(order.merch_product_line_ids.read(['merch_qty_produced', 'merch_qty_received'])[0]
                         ['merch_qty_produced'], 0)
        self.assertEqual(order.action_view_merch_purchases()['domain'], [('id', 'in', purchase.ids)])

    def test_a_purchaser_without_sales_rights_completes_the_milestone(self):
        purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00')
        purchase.with_user(self.purchaser).button_confirm()
        self.env.flush_all()
        # The request's end, as the purchaser.
        self.env(user=self.purchaser).cr.precommit.run()
        self.env.invalidate_all()
        self.assertEqual(self.plan['Materials ordered'].state, 'done')


@freeze_time('2026-11-26 08:00:00')
class TestSyncQueries(ProductionCase):
    """Syncing the milestones with their documents reads them for all the
    orders together: the queries do not grow with the milestones, and with
    the orders only by Odoo's own walk up each order's make-to-order moves
    (``sale_purchase_stock``: ``_get_purchase_orders``, one query an order)."""

    def _orders_with_documents(self, count):
        orders = self.env['sale.order']
        for _index in range(count):
            order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
            order.action_confirm()
            purchase = self._purchase(self.mill, self.fabric, 800, '2027-01-20 08:00:00', sale_line=order.order_line)
            purchase.button_confirm()
            orders |= order
        self._sync()
        return orders

    def _count_sync(self, orders):
        # Purchases confirmed again in the supplier's system: nothing to
        # change, everything to read.
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env['merchandising.milestone'].sudo()._sync_with_documents(orders)
        return self.env.cr.sql_log_count - start

    def test_the_sync_reads_any_number_of_orders_in_the_same_queries(self):
        few = self._count_sync(self._orders_with_documents(2))
        many = self._count_sync(self._orders_with_documents(6))
        self.assertLessEqual(many - few, 4, "one query an order at most: %s, then %s" % (few, many))
