"""The pipeline in the web client, as the merchandiser drags a card."""
from odoo import Command
from odoo.tests import HttpCase, tagged

from merchandising_case import OutsideAddon


@tagged('post_install', '-at_install')
class TestPipelineInTheBrowser(OutsideAddon, HttpCase):

    def test_dragging_a_card_moves_the_order(self):
        merchandiser = self.env['res.users'].create({
            'name': 'Tour Merchandiser', 'login': 'tour_merch', 'password': 'tour_merch_pw',
            'groups_id': [Command.set([self.env.ref('base.group_user').id,
                                       self.env.ref('merchandising.group_merchandiser').id])]})
        customer = self.env['res.partner'].create({'name': 'Tour Buyer Ltd', 'is_company': True})
        order = self.env['sale.order'].create({'partner_id': customer.id, 'user_id': merchandiser.id})
        self.start_tour('/odoo/merchandising-pipeline', 'merchandising_pipeline', login='tour_merch')
        self.assertEqual(order.merch_stage_id, self.env.ref('merchandising.stage_quotation_sent'))
