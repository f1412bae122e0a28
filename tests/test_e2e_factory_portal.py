"""In a real browser, on a phone (390 × 844, touch): the mill's sales
assistant opens My production, promises a new date for the materials with
its reason and reports the quantity done; the merchandiser is told and the
forecast follows."""
from datetime import date, timedelta

from odoo import Command, fields

from tour_case import TourCase


class TestFactoryPortalOnAPhone(TourCase):
    browser_size = '390x844'
    touch_enabled = True

    def test_the_mill_updates_its_milestone_from_a_phone(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        merchandiser = self._merchandiser('Li Factory Tour', 'tour_factory_merch')
        mill = env['res.partner'].create({'name': 'Wuxi Tour Mill', 'is_company': True})
        assistant = env['res.partner'].create({'name': 'Zhou Tour', 'parent_id': mill.id})
        env['res.users'].create({
            'name': 'Zhou Tour', 'login': 'tour_factory', 'password': 'tour_factory_pw', 'partner_id': assistant.id,
            'groups_id': [Command.set([env.ref('base.group_portal').id])]})
        customer = env['res.partner'].create({'name': 'Tour Buyer AS', 'is_company': True})
        product = env['product.product'].create({'name': 'Wool beanie', 'type': 'consu'})
        today = fields.Date.context_today(env['sale.order'])
        order = env['sale.order'].create({
            'partner_id': customer.id, 'user_id': merchandiser.id, 'ex_factory_date': today + timedelta(days=60),
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 800})]})
        order.action_confirm()
        in_house = order.merch_milestone_ids.filtered(lambda milestone: milestone.name == 'Materials in-house')
        in_house.partner_id = mill
        forecast = order.forecast_ship_date

        self.start_tour('/my/production', 'merchandising_factory_portal_update', login='tour_factory')

        env.invalidate_all()
        self.assertEqual(in_house.revised_date, date(2030, 1, 15))
        self.assertEqual(in_house.revision_ids[:1].reason_id, env.ref('merchandising.delay_reason_material'))
        self.assertEqual(in_house.quantity_ids.mapped('quantity'), [400])
        self.assertGreater(order.forecast_ship_date, forecast)
        note = order.message_ids.filtered(lambda message: 'Wuxi Tour Mill on Materials in-house' in message.preview)
        self.assertIn(merchandiser.partner_id, note.partner_ids)
