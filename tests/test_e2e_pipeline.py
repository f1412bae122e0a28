"""The pipeline in the web client, as the merchandiser drags cards: a move
that is allowed, and one the PP-sample gate refuses with its reason."""
from odoo import Command

from tour_case import TourCase


class TestPipelineInTheBrowser(TourCase):

    def test_dragging_cards_and_the_pp_gate(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        merchandiser = self._merchandiser('Tour Merchandiser', 'tour_merch')
        buyer = env['res.partner'].create({'name': 'Tour Buyer Ltd', 'is_company': True})
        gated = env['res.partner'].create({'name': 'Gate Outdoor AB', 'is_company': True})
        product = env['product.product'].create({'name': 'Shell jacket', 'type': 'consu'})
        quotation = env['sale.order'].create({'partner_id': buyer.id, 'user_id': merchandiser.id})
        order = env['sale.order'].create({
            'partner_id': gated.id, 'user_id': merchandiser.id,
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 300})]})
        order.action_confirm()
        pp = env['merchandising.sample'].create({
            'order_id': order.id, 'type_id': env.ref('merchandising.sample_type_pp').id})
        pp.action_request()
        confirmed = env.ref('merchandising.stage_order_confirmed')
        self.assertEqual(order.merch_stage_id, confirmed)

        self.start_tour('/odoo/merchandising-pipeline', 'merchandising_pipeline', login='tour_merch')
        self.assertEqual(quotation.merch_stage_id, env.ref('merchandising.stage_quotation_sent'))
        self.assertEqual(order.merch_stage_id, confirmed)
        self.assertEqual(order.merch_stage_history_ids.stage_id, env.ref('merchandising.stage_enquiry') | confirmed)
