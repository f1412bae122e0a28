"""In the web client: the merchandiser records the actual date of an overdue
milestone on the order's T&A tab; the forecast and the health follow."""
from datetime import timedelta

from odoo import Command, fields

from merchandising_case import every_day_calendar
from tour_case import TourCase


class TestActualDateInTheBrowser(TourCase):

    def test_recording_an_actual_date_puts_the_order_back_on_track(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        merchandiser = self._merchandiser('Tour Merchandiser', 'tour_merch', tz='UTC')
        buyer = env['res.partner'].create({'name': 'Tour Buyer Ltd', 'is_company': True})
        product = env['product.product'].create({'name': 'Fleece', 'type': 'consu'})
        # Seven working days a week: the plan's offsets count calendar days here.
        env.company.resource_calendar_id = every_day_calendar(env)
        today = fields.Date.context_today(env['sale.order'].with_user(merchandiser))
        order = env['sale.order'].create({
            'partner_id': buyer.id, 'user_id': merchandiser.id, 'ex_factory_date': today + timedelta(days=32),
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 200})]})
        order.action_confirm()
        ordered = order.merch_milestone_ids.filtered(lambda m: m.name == 'Materials ordered')
        self.assertEqual(ordered.planned_date, today - timedelta(days=10))
        self.assertEqual(order.merch_health, 'late')

        self.start_tour('/odoo/action-merchandising.action_merchandising_orders/%d' % order.id,
                        'merchandising_tna_actual_date', login='tour_merch')
        self.assertEqual(ordered.state, 'done')
        self.assertEqual(ordered.actual_date, today - timedelta(days=10))
        self.assertEqual(order.merch_health, 'on_track')
        # Her open milestones on the timeline, linked by arrows.
        self.start_tour('/odoo/merchandising-milestones?view_type=timeline', 'merchandising_tna_timeline_arrows',
                        login='tour_merch')
