"""The merchandiser's phone (390 × 844, touch): the pipeline and the chase
list are usable one column at a time, through the ☰ menu."""
from datetime import timedelta

from odoo import Command, fields

from tour_case import TourCase


class TestPhone(TourCase):
    browser_size = '390x844'
    touch_enabled = True

    def test_pipeline_and_chase_list_on_a_phone(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        merchandiser = self._merchandiser('Phone Merchandiser', 'tour_phone')
        buyer = env['res.partner'].create({'name': 'Phone Buyer AS', 'is_company': True})
        product = env['product.product'].create({'name': 'Wool cap', 'type': 'consu'})
        today = fields.Date.context_today(env['sale.order'])
        order = env['sale.order'].create({
            'partner_id': buyer.id, 'user_id': merchandiser.id, 'ex_factory_date': today + timedelta(days=50),
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 100})]})
        order.action_confirm()
        # The fabric order is overdue: the chase job turned it late and gave the merchandiser a to-do.
        env['merchandising.milestone']._cron_chase_list()
        overdue = order.merch_milestone_ids.filtered(lambda m: m.name == 'Materials ordered')
        self.assertEqual(overdue.state, 'late')
        self.start_tour('/odoo/merchandising-pipeline', 'merchandising_phone', login='tour_phone')
