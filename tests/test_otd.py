"""On-time delivery (交期达成率): what a manager reads to know who ships late
and why, and the merchandiser's My Follow-up cockpit."""
from freezegun import freeze_time

from merchandising_case import MerchandisingCase

TODAY = '2026-06-30'


@freeze_time(TODAY)
class TestOnTimeDelivery(MerchandisingCase):
    """Nine shipped orders, counted by hand: seven on time, two late — one
    by its factory, one by customs — so the rate is 7 / 9 = 77.8 %."""

    @classmethod
    def setUpClass(cls):
        super(TestOnTimeDelivery, cls).setUpClass()
        # A company in Shanghai: promises are compared as Shanghai dates.
        cls.env.user.company_id.partner_id.tz = 'Asia/Shanghai'
        cls.factory = cls.env['res.partner'].create({'name': 'Ningbo Knitting Works', 'supplier': True})
        cls.report = cls.env['merchandising.otd.report']
        #   (merchandiser, requested (UTC), ex-factory, shipped)
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
        cls.orders = cls.env['sale.order']
        for merchandiser, requested, ex_factory, shipped in plan:
            order = cls._make_order(merchandiser, requested, ex_factory)
            order.action_confirm()
            order.merch_ship_date = shipped
            cls.orders |= order
        cls.factory_late = cls.orders[7]
        cls.customs_late = cls.orders[8]
        finish = cls.factory_late.merch_milestone_ids.filtered(
            lambda milestone: milestone.is_critical and not milestone.sample_type_id)[-3]
        finish.write({'partner_id': cls.factory.id,
                      'actual_date': cls._days_after(finish.planned_date, 6)})
        cls.customs_late.merch_customs_released_date = '2026-06-19'
        # Neither shipped nor counted.
        cls.open_order = cls._make_order(cls.merchandiser, '2026-07-20 02:00:00', '2026-07-15')
        cls.open_order.action_confirm()

    @classmethod
    def _make_order(cls, merchandiser, requested, ex_factory):
        return cls.env['sale.order'].create({
            'partner_id': cls.customer.id, 'user_id': cls.salesperson.id,
            'merchandiser_id': merchandiser.id, 'requested_date': requested,
            'ex_factory_date': ex_factory,
            'order_line': [(0, 0, {'product_id': cls.product.id, 'name': cls.product.name,
                                   'product_uom_qty': 100, 'price_unit': 20.0})]})

    @staticmethod
    def _days_after(date, days):
        from datetime import timedelta
        from odoo import fields
        return fields.Date.to_string(fields.Date.from_string(date) + timedelta(days=days))

    def _rows(self, domain=None):
        return self.report.search([('order_id', 'in', self.orders.ids + self.open_order.ids)] + (domain or []))

    def _rate(self, groupby=None, env=None):
        report = (env or self.env)['merchandising.otd.report']
        domain = [('order_id', 'in', self.orders.ids)]
        if not groupby:
            group, = report.read_group(domain, ['on_time_rate'], [])
            return round(group['on_time_rate'], 1), group['__count']
        return {group[groupby][0] if isinstance(group[groupby], tuple) else group[groupby]:
                (round(group['on_time_rate'], 1), group['__count'])
                for group in report.read_group(domain, ['on_time_rate', groupby], [groupby], lazy=False)}

    def test_rate_counted_by_hand(self):
        self.assertEqual(self._rate(), (77.8, 9))
        self.assertEqual(len(self._rows()), 9, "the order not shipped yet is left out")
        self.assertEqual(len(self._rows([('on_time', '=', False)])), 2)

    def test_rate_by_merchandiser(self):
        self.assertEqual(self._rate('merchandiser_id'), {
            self.merchandiser.id: (83.3, 6), self.other_merchandiser.id: (66.7, 3)})

    def test_pivot_lists_merchandisers_by_name_and_their_months_in_order(self):
        # By name, not by when their users were made; no factory comes last.
        self.other_merchandiser.partner_id.name = 'An Ping'
        domain = [('order_id', 'in', self.orders.ids)]
        groups = self.report.read_group(domain, ['merchandiser_id', 'ship_date', 'on_time_rate', 'late_count'],
                                        ['merchandiser_id', 'ship_date:month'], lazy=False)
        self.assertEqual([(group['merchandiser_id'][1], group['ship_date:month'], group['__count'])
                          for group in groups], [
            ('An Ping', 'May 2026', 1), ('An Ping', 'June 2026', 2),
            ('Chen Jing', 'March 2026', 1), ('Chen Jing', 'April 2026', 2), ('Chen Jing', 'May 2026', 2),
            ('Chen Jing', 'June 2026', 1)])
        factories = [group['factory_id'] for group in self.report.read_group(
            domain, ['factory_id', 'on_time_rate'], ['factory_id'])]
        self.assertIn((self.factory.id, self.factory.name), factories)
        self.assertEqual(factories[-1], False)
        self.assertEqual(factories[:-1], sorted(factories[:-1], key=lambda factory: factory[1]))

    def test_promise_compared_as_a_date_in_the_company_time_zone(self):
        row = self._rows([('order_id', '=', self.orders[0].id)])
        # 10 March 20:00 UTC is 11 March 04:00 in Shanghai: shipped on the 11th is on time.
        self.assertEqual((row.promised_date, row.ship_date, row.days_late, row.on_time),
                         ('2026-03-11', '2026-03-11', 0, True))
        early = self._rows([('order_id', '=', self.orders[3].id)])
        self.assertEqual((early.days_late, early.on_time), (-9, True))

    def test_delay_cause_and_factory(self):
        late = self._rows([('order_id', '=', self.factory_late.id)])
        self.assertEqual((late.days_late, late.delay_cause, late.factory_id), (4, 'milestone', self.factory))
        self.assertTrue(late.cause_milestone)
        customs = self._rows([('order_id', '=', self.customs_late.id)])
        self.assertEqual((customs.days_late, customs.delay_cause, customs.cause_milestone), (2, 'customs', False))
        self.assertFalse(self._rows([('on_time', '=', True), ('delay_cause', '!=', False)]),
                         "an order on time has no delay cause")
        self.assertEqual(self._rate('delay_cause'), {False: (100.0, 7), 'milestone': (0.0, 1), 'customs': (0.0, 1)})

    def test_late_sample_milestone_is_sample_approval(self):
        order = self.customs_late
        pp = order.merch_milestone_ids.filtered('sample_type_id')[:1]
        pp.actual_date = self._days_after(pp.planned_date, 3)
        self.assertEqual(self._rows([('order_id', '=', order.id)]).delay_cause, 'sample')

    def test_no_cause_recorded(self):
        self.customs_late.merch_customs_released_date = '2026-06-10'
        self.assertEqual(self._rows([('order_id', '=', self.customs_late.id)]).delay_cause, 'none')

    def test_no_shipped_order_means_no_rate_not_zero(self):
        self.assertEqual(self.report.read_group([('id', '=', 0)], ['on_time_rate', 'merchandiser_id'],
                                                ['merchandiser_id']), [])
        self.assertEqual(self.manager.merch_otd_count, 0)
        tile = self.env.ref('merchandising.cockpit_tile_otd_rate').sudo(self.manager)
        self.assertEqual(tile.value, '–')

    def test_rate_on_merchandiser_and_customer_forms(self):
        self.assertEqual((round(self.merchandiser.merch_otd_rate, 1), self.merchandiser.merch_otd_count), (83.3, 6))
        contact = self.env['res.partner'].create({'name': 'Buyer', 'parent_id': self.customer.id})
        self.assertEqual((round(contact.merch_otd_rate, 1), contact.merch_otd_count), (77.8, 9))
        action = self.customer.action_view_merch_otd()
        self.assertEqual(self.report.search(action['domain']), self._rows())

    def test_merchandiser_sees_own_rate_manager_sees_all(self):
        self.assertEqual(self._rate(env=self.env(user=self.merchandiser)), (83.3, 6))
        self.assertEqual(self._rate(env=self.env(user=self.manager)), (77.8, 9))
        self.assertFalse(self.env['merchandising.otd.report'].sudo(self.salesperson).check_access_rights(
            'read', raise_exception=False), "a salesperson without merchandising rights has no report")


@freeze_time('2026-06-30')   # a Tuesday; this quarter is April–June
class TestCockpit(MerchandisingCase):
    """My Follow-up: the merchandiser's morning figures, each a click from its list."""

    @classmethod
    def setUpClass(cls):
        super(TestCockpit, cls).setUpClass()
        tiles = cls.env['merchandising.cockpit.tile'].sudo(cls.merchandiser)
        cls.tile = {tile.kind: tile for tile in tiles.search([])}

    def _open(self, kind):
        action = self.tile[kind].action_open()
        return self.env[action['res_model']].sudo(self.merchandiser).search(action['domain'])

    def test_tiles_count_my_things_and_open_them(self):
        mine = self._order(self.merchandiser, requested_date='2026-07-31 02:00:00', ex_factory_date='2026-07-02')
        mine.action_confirm()
        theirs = self._order(self.other_merchandiser, ex_factory_date='2026-07-01')
        theirs.action_confirm()
        self.assertEqual(self.tile['shipping_this_week'].value, '1')
        self.assertEqual(self._open('shipping_this_week'), mine)
        quotation = self._order(self.merchandiser)
        self.assertEqual(self.tile['orders'].value, '2')
        self.assertTrue(self.tile['orders'].detail.endswith('1 without a plan'), self.tile['orders'].detail)
        self.assertEqual(self._open('orders'), mine | quotation)
        overdue = mine.merch_milestone_ids.filtered(lambda milestone: milestone.due_date < TODAY)
        self.assertTrue(overdue, "the plan runs back from 2 July: some milestones are already due")
        self.assertEqual(self.tile['overdue_milestones'].value, str(len(overdue)))
        self.assertTrue(self.tile['overdue_milestones'].alert)
        self.assertEqual(self._open('overdue_milestones'), overdue)
        sample = self.env['merchandising.sample'].create({
            'order_id': mine.id, 'type_id': self.env.ref('merchandising.sample_type_pp').id})
        sample.write({'state': 'sent'})
        self.assertEqual(self.tile['samples_awaiting'].value, '1')
        self.assertEqual(self._open('samples_awaiting'), sample)

    def test_on_time_rate_this_quarter_against_last(self):
        shipped = []
        for requested, ship in (('2026-03-10 02:00:00', '2026-03-12'), ('2026-03-20 02:00:00', '2026-03-18'),
                                ('2026-05-10 02:00:00', '2026-05-09')):
            order = self._order(self.merchandiser, requested_date=requested)
            order.action_confirm()
            order.merch_ship_date = ship
            shipped.append(order)
        tile = self.tile['otd_rate']
        self.assertEqual((tile.value, tile.detail), ('100.0 %', 'this quarter; last quarter: 50.0 %'))
        self.assertFalse(tile.alert)
        self.assertEqual(set(self._open('otd_rate').mapped('order_id').ids), {order.id for order in shipped})
