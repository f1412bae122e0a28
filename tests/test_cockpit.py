"""My Follow-up: the merchandiser's morning figures, each a click from its list."""
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError

from merchandising_case import MerchandisingCase

TODAY = '2026-06-30'


@freeze_time(TODAY)   # a Tuesday; this quarter is April–June
class TestCockpit(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tiles = cls.env['merchandising.cockpit.tile'].with_user(cls.merchandiser)
        cls.tile = {tile.kind: tile for tile in tiles.search([])}

    def _open(self, kind, user=None):
        """What the merchandiser sees after a click on the tile."""
        user = user or self.merchandiser
        action = self.tile[kind].with_user(user).action_open()
        self.assertEqual(action['type'], 'ir.actions.act_window')
        return self.env[action['res_model']].with_user(user).search(action['domain'])

    def _figure(self, kind, user=None):
        tile = self.tile[kind].with_user(user or self.merchandiser)
        self.env.invalidate_all()
        return tile.value

    def test_every_tile_is_there_in_order(self):
        self.assertEqual(list(self.tile), ['orders', 'overdue_milestones', 'samples_awaiting',
                                           'shipping_this_week', 'otd_rate', 'enquiries',
                                           'enquiries_waiting', 'time_split'])

    def test_tiles_count_my_things_and_open_them(self):
        mine = self._order(self.merchandiser, commitment_date='2026-07-31 02:00:00', ex_factory_date='2026-07-02')
        mine.action_confirm()
        theirs = self._order(self.other_merchandiser, ex_factory_date='2026-07-01')
        theirs.action_confirm()
        self.assertEqual(self._figure('shipping_this_week'), '1')
        self.assertEqual(self._open('shipping_this_week'), mine)
        quotation = self._order(self.merchandiser)
        self.assertEqual(self._figure('orders'), '2')
        detail = self.tile['orders'].detail
        self.assertTrue(detail.endswith('1 without a plan'), detail)
        self.assertEqual(self._open('orders'), mine | quotation)
        past = mine.merch_milestone_ids.filtered(lambda milestone: milestone.due_date < date(2026, 6, 30))
        self.assertTrue(past, "the plan runs back from 2 July: some milestones are already due")
        # Overdue: those the network expects now; the others past their date
        # wait for them (expected later), and are not.
        overdue = past.filtered(lambda milestone: milestone.forecast_date <= date(2026, 6, 30))
        self.assertTrue(overdue and overdue != past)
        self.assertEqual(self._figure('overdue_milestones'), str(len(overdue)))
        self.assertTrue(self.tile['overdue_milestones'].alert)
        self.assertEqual(self._open('overdue_milestones'), overdue)
        sample = self.env['merchandising.sample'].create({
            'order_id': mine.id, 'type_id': self.env.ref('merchandising.sample_type_pp').id})
        sample.action_request()
        sample.action_start()
        sample.action_mark_sent()
        self.assertEqual(self._figure('samples_awaiting'), '1')
        self.assertEqual(self._open('samples_awaiting'), sample)
        # The colleague's figures are theirs.
        self.assertEqual(self._figure('orders', self.other_merchandiser), '1')
        self.assertEqual(self._figure('samples_awaiting', self.other_merchandiser), '0')
        self.assertEqual(self._open('orders', self.other_merchandiser), theirs)

    def test_a_booked_departure_counts_before_the_ex_factory_date(self):
        # Ex-factory this week, but booked on next week's vessel: not this week.
        booked = self._order(self.merchandiser, ex_factory_date='2026-07-01', merch_etd='2026-07-08')
        booked.action_confirm()
        self.assertEqual(self._figure('shipping_this_week'), '0')
        booked.merch_etd = '2026-07-03'
        self.assertEqual(self._figure('shipping_this_week'), '1')
        booked.merch_ship_date = '2026-06-30'
        self.assertEqual(self._figure('shipping_this_week'), '0', "gone already")

    def test_on_time_rate_this_quarter_against_last(self):
        shipped = self.env['sale.order']
        for promised, ship in (('2026-03-10 02:00:00', '2026-03-12'), ('2026-03-20 02:00:00', '2026-03-18'),
                               ('2026-05-10 02:00:00', '2026-05-09')):
            order = self._order(self.merchandiser, commitment_date=promised)
            order.action_confirm()
            order.merch_ship_date = ship
            shipped |= order
        tile = self.tile['otd_rate']
        self.env.invalidate_all()
        self.assertEqual((tile.value, tile.detail), ('100.0 %', 'this quarter; last quarter: 50.0 %'))
        self.assertFalse(tile.alert)
        self.assertEqual(self._open('otd_rate').order_id, shipped)
        # Worse than last quarter: the tile turns red.
        late = self._order(self.merchandiser, commitment_date='2026-06-01 02:00:00')
        late.action_confirm()
        late.merch_ship_date = '2026-06-20'
        self.env.invalidate_all()
        self.assertEqual((tile.value, tile.alert), ('50.0 %', False))
        late_again = self._order(self.merchandiser, commitment_date='2026-06-02 02:00:00')
        late_again.action_confirm()
        late_again.merch_ship_date = '2026-06-21'
        self.env.invalidate_all()
        self.assertEqual((tile.value, tile.alert), ('33.3 %', True))

    def test_the_cockpit_is_the_first_screen_of_the_app(self):
        root = self.env.ref('merchandising.menu_merchandising_root')
        first = root.child_id.sorted(lambda menu: (menu.sequence, menu.id))[0]
        self.assertEqual(first, self.env.ref('merchandising.menu_merchandising_cockpit'))
        self.assertEqual(first.action, self.env.ref('merchandising.action_merchandising_cockpit'))
        self.assertIn(first.id, self.env['ir.ui.menu'].with_user(self.merchandiser)._visible_menu_ids())
        # The kanban loads for the merchandiser; a card click runs the tile's action.
        views = self.env['merchandising.cockpit.tile'].with_user(self.merchandiser).get_views([(False, 'kanban')])
        arch = views['views']['kanban']['arch']
        self.assertIn('action="action_open"', arch)
        self.assertIn('type="object"', arch)

    def test_a_manager_arranges_the_tiles_a_merchandiser_does_not(self):
        tile = self.tile['samples_awaiting']
        with self.assertRaises(AccessError):
            tile.with_user(self.merchandiser).write({'name': 'Samples out'})
        tile.with_user(self.manager).write({'name': 'Samples out', 'sequence': 1})
        tile.with_user(self.manager).action_archive()
        tiles = self.env['merchandising.cockpit.tile'].with_user(self.merchandiser).search([])
        self.assertNotIn(tile, tiles)
        with self.assertRaises(AccessError):
            self.env['merchandising.cockpit.tile'].with_user(self.manager).create({'name': 'More', 'kind': 'orders'})
        with self.assertRaises(AccessError):
            tiles.with_user(self.manager).unlink()
