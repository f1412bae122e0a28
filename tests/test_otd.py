"""On-time delivery (交期达成率): what a manager reads to know who ships late
and why, and what a merchandiser and a customer's form show of it."""
import ast
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command

from customs_case import CustomsCase
from merchandising_case import MerchandisingCase, sample_at

TODAY = '2026-06-30'


@freeze_time(TODAY)
class TestOnTimeDelivery(CustomsCase, MerchandisingCase):
    """Nine shipped orders, counted by hand: seven on time, two late — one
    by its factory, one by customs — so the rate is 7 / 9 = 77.8 %."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company in Shanghai: promises are compared as Shanghai dates.
        cls.env.company.partner_id.tz = 'Asia/Shanghai'
        cls.factory = cls.env['res.partner'].create({'name': 'Ningbo Knitting Works', 'supplier_rank': 1})
        cls.report = cls.env['merchandising.otd.report']
        #   (merchandiser, promised (UTC), ex-factory, shipped)
        plan = [
            (cls.merchandiser, '2026-03-10 20:00:00', '2026-03-05', '2026-03-11'),   # 11 March in Shanghai
            (cls.merchandiser, '2026-04-10 02:00:00', '2026-04-05', '2026-04-08'),
            (cls.merchandiser, '2026-04-20 02:00:00', '2026-04-15', '2026-04-20'),
            (cls.merchandiser, '2026-05-10 02:00:00', '2026-05-05', '2026-05-01'),
            (cls.merchandiser, '2026-05-20 02:00:00', '2026-05-15', '2026-05-18'),
            (cls.other_merchandiser, '2026-06-01 02:00:00', '2026-05-25', '2026-05-30'),
            (cls.other_merchandiser, '2026-06-10 02:00:00', '2026-06-05', '2026-06-10'),
            (cls.merchandiser, '2026-06-15 02:00:00', '2026-06-10', '2026-06-19'),  # late: factory
            (cls.other_merchandiser, '2026-06-20 02:00:00', '2026-06-15', '2026-06-22'),  # late: customs
        ]
        cls.orders = cls.env['sale.order'].create([
            cls._order_values(merchandiser, promised, ex_factory) for merchandiser, promised, ex_factory, _ in plan])
        cls.orders.action_confirm()
        for order, (_merchandiser, _promised, _ex_factory, shipped) in zip(cls.orders, plan):
            # Shipped as the warehouse's day records it on the order.
            order.merch_ship_date = shipped
        cls.factory_late = cls.orders[7]
        cls.customs_late = cls.orders[8]
        # Shipped orders have done their plans, on the planned dates...
        for milestone in cls.orders.merch_milestone_ids:
            milestone.actual_date = milestone.planned_date
        # ... but the packing of one, 6 days late, at its factory.
        packing = cls.factory_late.merch_milestone_ids.filtered(lambda milestone: milestone.name == 'Packing')
        packing.write({'partner_id': cls.factory.id, 'actual_date': packing.planned_date + timedelta(days=6)})
        cls.customs_late.merch_customs_released_date = '2026-06-19'
        # Neither shipped nor counted.
        cls.open_order = cls.env['sale.order'].create(
            cls._order_values(cls.merchandiser, '2026-07-20 02:00:00', '2026-07-15'))
        cls.open_order.action_confirm()

    @classmethod
    def _order_values(cls, merchandiser, promised, ex_factory):
        return {
            'partner_id': cls.customer.id, 'user_id': cls.salesperson.id,
            'merchandiser_id': merchandiser.id, 'commitment_date': promised, 'ex_factory_date': ex_factory,
            'order_line': [Command.create({'product_id': cls.product.id, 'product_uom_qty': 100,
                                           'price_unit': 20.0})]}

    def _rows(self, domain=None):
        return self.report.search([('order_id', 'in', (self.orders | self.open_order).ids)] + (domain or []))

    def _rate(self, groupby=None, env=None):
        """(rate, count), or {group: (rate, count)}, as the pivot reads them."""
        report = (env or self.env)['merchandising.otd.report']
        domain = [('order_id', 'in', self.orders.ids)]
        if not groupby:
            [(rate, count)] = report._read_group(domain, [], ['on_time_rate:avg', '__count'])
            return round(rate, 1), count
        return {group.id if hasattr(group, 'id') else group: (round(rate, 1), count)
                for group, rate, count in report._read_group(domain, [groupby], ['on_time_rate:avg', '__count'])}

    def test_rate_counted_by_hand(self):
        self.assertEqual(self._rate(), (77.8, 9))
        self.assertEqual(len(self._rows()), 9, "the order not shipped yet is left out")
        self.assertEqual(len(self._rows([('on_time', '=', False)])), 2)
        self.assertEqual(sum(self._rows().mapped('late_count')), 2)

    def test_rate_by_merchandiser(self):
        self.assertEqual(self._rate('merchandiser_id'), {
            self.merchandiser.id: (83.3, 6), self.other_merchandiser.id: (66.7, 3)})

    def test_pivot_lists_merchandisers_by_name_and_their_months_in_order(self):
        # As the pivot asks (read_group): by name, not by when their users
        # were made; no factory comes last.
        self.other_merchandiser.partner_id.name = 'An Ping'
        domain = [('order_id', 'in', self.orders.ids)]
        groups = self.report.read_group(domain, ['on_time_rate', 'late_count'],
                                        ['merchandiser_id', 'ship_date:month'], lazy=False)
        self.assertEqual([(group['merchandiser_id'][1], group['ship_date:month'], group['__count'])
                          for group in groups], [
            ('An Ping', 'May 2026', 1), ('An Ping', 'June 2026', 2),
            ('Chen Jing', 'March 2026', 1), ('Chen Jing', 'April 2026', 2), ('Chen Jing', 'May 2026', 2),
            ('Chen Jing', 'June 2026', 1)])
        self.assertEqual([(group['late_count'], round(group['on_time_rate'], 1)) for group in groups],
                         [(0, 100.0), (1, 50.0), (0, 100.0), (0, 100.0), (0, 100.0), (1, 0.0)])
        factories = [group['factory_id'] for group in self.report.read_group(
            domain, ['on_time_rate'], ['factory_id'])]
        self.assertIn((self.factory.id, self.factory.name), factories)
        self.assertEqual(factories[-1], False)
        self.assertEqual(factories[:-1], sorted(factories[:-1], key=lambda factory: factory[1]))

    def test_promise_compared_as_a_date_in_the_company_time_zone(self):
        row = self._rows([('order_id', '=', self.orders[0].id)])
        # 10 March 20:00 UTC is 11 March 04:00 in Shanghai: shipped on the 11th is on time.
        self.assertEqual((row.promised_date, row.ship_date, row.days_late, row.on_time),
                         (date(2026, 3, 11), date(2026, 3, 11), 0, True))
        early = self._rows([('order_id', '=', self.orders[3].id)])
        self.assertEqual((early.days_late, early.on_time), (-9, True))

    def test_delay_cause_and_factory(self):
        late = self._rows([('order_id', '=', self.factory_late.id)])
        self.assertEqual((late.days_late, late.delay_cause, late.factory_id), (4, 'milestone', self.factory))
        self.assertEqual(late.cause_milestone, 'Packing')
        customs = self._rows([('order_id', '=', self.customs_late.id)])
        self.assertEqual((customs.days_late, customs.delay_cause, customs.cause_milestone), (2, 'customs', False))
        self.assertFalse(self._rows([('on_time', '=', True), ('delay_cause', '!=', False)]),
                         "an order on time has no delay cause")
        self.assertEqual(self._rate('delay_cause'), {False: (100.0, 7), 'milestone': (0.0, 1), 'customs': (0.0, 1)})

    def _revise(self, milestone, days, reason):
        """A revision of the milestone, ``days`` later than the last, as it
        was entered back then (the orders are dated today: a revised date
        entered now could not be before it)."""
        last = milestone.revision_ids[:1].new_date or milestone.planned_date
        self.env['merchandising.milestone.revision'].create({
            'milestone_id': milestone.id, 'old_date': last, 'new_date': last + timedelta(days=days),
            'reason_id': reason.id})

    def test_delay_reason_is_the_one_that_cost_the_most_days_on_the_critical_path(self):
        plan = {milestone.name: milestone for milestone in self.factory_late.merch_milestone_ids}
        capacity = self.env.ref('merchandising.delay_reason_capacity')
        material = self.env.ref('merchandising.delay_reason_material')
        packing, final = plan['Packing'], plan['Final inspection']
        # Packing promised 6 days late for capacity; the final inspection 2,
        # then 3 more, for the materials: 6 against 5.
        self._revise(packing, 6, capacity)
        self._revise(final, 2, material)
        self._revise(final, 3, material)
        row = self._rows([('order_id', '=', self.factory_late.id)])
        causes = self.env['merchandising.milestone.revision']._delay_causes(self.factory_late)
        self.assertEqual(row.delay_reason_id, capacity)
        self.assertEqual(causes[self.factory_late], (packing, capacity, 6), "the order's warning names the same")
        # Two more days of materials: now they cost the most.
        self._revise(final, 2, material)
        self.env.invalidate_all()
        self.assertEqual(self._rows([('order_id', '=', self.factory_late.id)]).delay_reason_id, material)
        self.assertEqual(self.env['merchandising.milestone.revision']._delay_causes(self.factory_late)[
            self.factory_late], (final, material, 7))
        # An order on time has no delay reason, whatever its dates did.
        on_time = self.orders[1]
        self._revise(on_time.merch_milestone_ids.filtered('is_critical')[:1], 3, capacity)
        self.assertFalse(self._rows([('order_id', '=', on_time.id)]).delay_reason_id)
        self.assertEqual(self._rate('delay_reason_id'), {False: (87.5, 8), material.id: (0.0, 1)})

    def test_factory_of_an_order_on_time_is_its_last_critical_factory(self):
        order = self.orders[1]
        milestones = order.merch_milestone_ids.filtered('is_critical').sorted('sequence')
        other = self.env['res.partner'].create({'name': 'Shaoxing Dyeing', 'supplier_rank': 1})
        milestones[0].partner_id = other
        milestones[-2].partner_id = self.factory
        self.assertEqual(self._rows([('order_id', '=', order.id)]).factory_id, self.factory)

    def test_sample_approved_late_is_sample_approval(self):
        # No milestone finished late, but the customer approved the shipping
        # sample after its due date: that comes before customs.
        sample_at(self.env['merchandising.sample'], {
            'order_id': self.customs_late.id, 'type_id': self.env.ref('merchandising.sample_type_shipping').id,
            'state': 'approved', 'date_due': '2026-06-05', 'date_decided': '2026-06-12'})
        self.assertEqual(self._rows([('order_id', '=', self.customs_late.id)]).delay_cause, 'sample')

    def test_late_sample_milestone_is_sample_approval(self):
        # The first late critical milestone is the one an approved PP sample
        # completes: the order was late for the customer's approval.
        order = self.customs_late
        pp = order.merch_milestone_ids.filtered('sample_type_id')[:1]
        self.assertFalse(pp.is_critical)        # 3 working days of slack before production start
        pp.actual_date = pp.planned_date + timedelta(days=10)
        self.assertTrue(pp.is_critical)
        self.assertEqual(self._rows([('order_id', '=', order.id)]).delay_cause, 'sample')

    def test_no_cause_recorded(self):
        self.customs_late.merch_customs_released_date = '2026-06-10'
        self.assertEqual(self._rows([('order_id', '=', self.customs_late.id)]).delay_cause, 'none')

    def test_no_shipped_order_means_no_rate_not_zero(self):
        self.assertEqual(self.report.read_group([('id', '=', 0)], ['on_time_rate'], ['merchandiser_id']), [])
        self.assertEqual(self.manager.merch_otd_count, 0)
        tile = self.env.ref('merchandising.cockpit_tile_otd_rate').with_user(self.manager)
        self.assertEqual(tile.value, '–')

    def test_ship_date_is_the_last_delivery_else_the_atd(self):
        # Delivered at 17:00 UTC on 24 June: the 25th in Shanghai, a day late.
        order = self.env['sale.order'].create(self._order_values(self.merchandiser, '2026-06-24 02:00:00', '2026-06-20'))
        order.action_confirm()
        with freeze_time('2026-06-24 17:00:00'):
            self._deliver(order)
        row = self.report.search([('order_id', '=', order.id)])
        self.assertEqual((row.ship_date, row.days_late, row.on_time), (date(2026, 6, 25), 1, False))
        # No delivery recorded, but the vessel left (ATD): counted from it.
        by_sea = self.env['sale.order'].create(self._order_values(self.merchandiser, '2026-06-24 02:00:00', '2026-06-20'))
        by_sea.action_confirm()
        self.assertFalse(self.report.search([('order_id', '=', by_sea.id)]))
        by_sea.merch_atd = '2026-06-23'
        row = self.report.search([('order_id', '=', by_sea.id)])
        self.assertEqual((row.ship_date, row.on_time), (date(2026, 6, 23), True))

    def test_cancelled_or_unpromised_orders_are_not_counted(self):
        self.orders[0]._action_cancel()
        self.assertEqual(self._rate(), (75.0, 8))
        # Shipped without a promise: nothing to measure it against.
        unpromised = self.env['sale.order'].create(self._order_values(self.merchandiser, False, '2026-06-20'))
        unpromised.action_confirm()
        unpromised.merch_ship_date = '2026-06-22'
        self.orders |= unpromised
        self.assertEqual(self._rate(), (75.0, 8))

    def test_rate_on_merchandiser_and_customer_forms(self):
        self.assertEqual((round(self.merchandiser.merch_otd_rate, 1), self.merchandiser.merch_otd_count), (83.3, 6))
        contact = self.env['res.partner'].create({'name': 'Buyer', 'parent_id': self.customer.id})
        self.assertEqual((round(contact.merch_otd_rate, 1), contact.merch_otd_count), (77.8, 9))
        action = contact.action_view_merch_otd()
        self.assertEqual(action['res_model'], 'merchandising.otd.report')
        self.assertEqual(self.report.search(action['domain']), self._rows())
        action = self.merchandiser.action_view_merch_otd()
        self.assertEqual(self.report.search(action['domain']).order_id,
                         self.orders.filtered(lambda order: order.merchandiser_id == self.merchandiser))
        self.assertIn(self.merchandiser.name, action['name'])

    def test_rates_of_a_list_of_forms_in_one_query(self):
        Report = type(self.report)
        users = self.merchandiser | self.other_merchandiser | self.manager
        with patch.object(Report, '_read_group', autospec=True, side_effect=Report._read_group) as read_group:
            rates = [(round(user.merch_otd_rate, 1), user.merch_otd_count) for user in users]
        self.assertEqual(rates, [(83.3, 6), (66.7, 3), (0.0, 0)])
        self.assertEqual(read_group.call_count, 1)

    def test_only_the_last_12_months_count_on_the_forms(self):
        with freeze_time('2027-05-15'):
            # A year later, only what shipped since 15 May 2026 counts.
            self.env.invalidate_all()
            self.assertEqual((round(self.merchandiser.merch_otd_rate, 1), self.merchandiser.merch_otd_count), (50.0, 2))

    def test_merchandiser_sees_own_rate_manager_sees_all(self):
        self.assertEqual(self._rate(env=self.env(user=self.merchandiser)), (83.3, 6))
        self.assertEqual(self._rate(env=self.env(user=self.manager)), (77.8, 9))
        # On the customer's form too: what each may see.
        self.assertEqual(self.customer.with_user(self.merchandiser).merch_otd_count, 6)
        self.assertEqual(self.customer.with_user(self.other_merchandiser).merch_otd_count, 3)
        self.assertEqual(self.customer.with_user(self.manager).merch_otd_count, 9)
        self.assertFalse(self.env['merchandising.otd.report'].with_user(self.salesperson).has_access('read'),
                         "a salesperson without merchandising rights has no report")

    def test_the_report_opens_as_a_merchandiser(self):
        # Every view of both menus loads for the merchandiser.
        Report = self.report.with_user(self.merchandiser)
        for xmlid in ('merchandising.action_merchandising_otd_report', 'merchandising.action_merchandising_late_shipments'):
            action = self.env['ir.actions.act_window']._for_xml_id(xmlid)
            views = Report.get_views([(False, mode) for mode in action['view_mode'].split(',')] + [(False, 'search')])
            self.assertEqual(set(views['views']), set(action['view_mode'].split(',')) | {'search'})
        late = self.env.ref('merchandising.action_merchandising_late_shipments')
        self.assertEqual(Report.search(ast.literal_eval(late.domain) + [('order_id', 'in', self.orders.ids)]), self._rows(
            [('order_id', '=', self.factory_late.id)]), "the merchandiser's own late shipment only")
        for xmlid in ('merchandising.menu_merchandising_otd_report', 'merchandising.menu_merchandising_late_shipments'):
            self.assertIn(self.env.ref(xmlid).id, self.env['ir.ui.menu'].with_user(self.merchandiser)._visible_menu_ids())
        self.assertNotIn(self.env.ref('merchandising.menu_merchandising_otd_report').id,
                         self.env['ir.ui.menu'].with_user(self.salesperson)._visible_menu_ids())
