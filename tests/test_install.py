"""The addon installs with demo data (the database the suite runs on) and
without it (a second database that `make test` installs beside it)."""
import os
import unittest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

STAGES = ['Enquiry', 'Quotation sent', 'Sampling', 'Order confirmed', 'Materials',
          'Production', 'Inspection', 'Booking & customs', 'Shipped', 'Closed']


class TestInstalledWithDemoData(TransactionCase):

    def test_default_stages_in_order(self):
        stages = self.env['merchandising.stage'].search([])
        self.assertEqual(stages.mapped('name'), STAGES)
        self.assertEqual(stages.filtered('is_confirmation_stage').mapped('name'), ['Order confirmed'])
        self.assertEqual(stages.filtered('is_closed').mapped('name'), ['Shipped', 'Closed'])

    def test_admin_is_merchandising_manager(self):
        admin = self.env.ref('base.user_root')
        self.assertTrue(admin.has_group('merchandising.group_merchandising_manager'))
        self.assertTrue(admin.has_group('merchandising.group_merchandiser'))

    def test_demo_business(self):
        demo_orders = self.env['sale.order'].search([('partner_id.customer', '=', True),
                                                     ('merchandiser_id.login', 'like', 'merchandiser')])
        self.assertGreaterEqual(len(demo_orders), 12)
        self.assertEqual(set(demo_orders.mapped('merch_stage_id.name')), set(STAGES))
        self.assertGreaterEqual(len(demo_orders.mapped('partner_id')), 3)
        self.assertIn(True, demo_orders.mapped('key_customer'))
        merchandisers = demo_orders.mapped('merchandiser_id')
        self.assertEqual(len(merchandisers), 2)
        for user in merchandisers:
            self.assertTrue(user.has_group('merchandising.group_merchandiser'))
            self.assertFalse(user.has_group('merchandising.group_merchandising_manager'))
        for order in demo_orders:
            history = order.merch_stage_history_ids.sorted('date_in')
            self.assertEqual(history[-1].stage_id, order.merch_stage_id, order.name)
            self.assertFalse(history[-1].date_out, order.name)
            self.assertTrue(all(history[:-1].mapped('date_out')), order.name)
            self.assertEqual(history[-1].date_in, order.merch_stage_date, order.name)
        self.assertTrue(any(len(order.merch_stage_history_ids) >= 5 for order in demo_orders))

    def test_every_order_has_a_stage_and_one_open_history_line(self):
        # Sale's own demo orders existed before the addon: the install hook placed them.
        self.assertEqual(self.env['sale.order'].search_count([('merch_stage_id', '=', False)]), 0)
        self.cr.execute("""
            SELECT so.name, count(h.id)
              FROM sale_order so
              LEFT JOIN merchandising_stage_history h ON h.order_id = so.id AND h.date_out IS NULL
             GROUP BY so.name HAVING count(h.id) != 1""")
        self.assertEqual(self.cr.fetchall(), [])

    def test_demo_samples(self):
        ref = self.env.ref
        samples = self.env['merchandising.sample'].search([])
        self.assertEqual(set(samples.mapped('state')),
                         {'draft', 'requested', 'in_progress', 'sent', 'received', 'approved', 'rejected', 'cancel'})
        first = ref('merchandising.sample_pp_confirmed_maison_r1')
        second = ref('merchandising.sample_pp_confirmed_maison_r2')
        self.assertEqual((first.state, first.round), ('rejected', 1))
        self.assertEqual((second.state, second.round, second.previous_round_id), ('approved', 2, first))
        # The Materials order waits for its PP sample, still on its way.
        blocked = ref('merchandising.order_materials_nordic')
        with self.assertRaises(UserError) as error:
            blocked.write({'merch_stage_id': ref('merchandising.stage_production').id})
        self.assertIn(ref('merchandising.sample_pp_materials_nordic').name, error.exception.name)
        ref('merchandising.order_confirmed_maison').write({'merch_stage_id': ref('merchandising.stage_production').id})

    def test_demo_plans_on_track_at_risk_and_late(self):
        ref = self.env.ref
        health = {xid: ref('merchandising.%s' % xid).merch_health for xid in (
            'order_production_nordic', 'order_materials_nordic', 'order_inspection_maison',
            'order_production_harbor')}
        self.assertEqual(health, {'order_production_nordic': 'on_track', 'order_materials_nordic': 'at_risk',
                                  'order_inspection_maison': 'at_risk', 'order_production_harbor': 'late'})
        # Materials not in yet: the milestone is overdue and pushes the ship date.
        waiting = ref('merchandising.order_materials_nordic')
        in_house = waiting.merch_milestone_ids.filtered(lambda m: m.name == 'Materials in-house')
        self.assertEqual(in_house.state, 'late')
        self.assertGreater(in_house.delay_days, 0)
        self.assertEqual(waiting.delay_days, in_house.delay_days)

    def test_a_demo_merchandiser_sees_only_their_orders(self):
        li = self.env.ref('merchandising.user_merchandiser_li')
        orders = self.env['sale.order'].sudo(li).search([])
        self.assertTrue(orders)
        self.assertEqual(orders.mapped('merchandiser_id'), li)


@unittest.skipUnless(os.environ.get('MERCH_TEST_DB_NODEMO'),
                     'make test installs the database without demo data')
class TestInstalledWithoutDemoData(unittest.TestCase):

    def test_stages_and_groups_without_demo(self):
        registry = odoo.registry(os.environ['MERCH_TEST_DB_NODEMO'])
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env['merchandising.stage'].search([]).mapped('name'), STAGES)
            self.assertTrue(env.ref('base.user_root').has_group('merchandising.group_merchandising_manager'))
            self.assertFalse(env.ref('merchandising.user_merchandiser_li', raise_if_not_found=False))
            self.assertEqual(env['sale.order'].search_count([]), 0)
            # The pipeline's views and menus are there without demo data too.
            self.assertTrue(env.ref('merchandising.view_order_kanban_merchandising'))
            self.assertTrue(env.ref('merchandising.menu_merchandising_pipeline'))
            cr.rollback()
