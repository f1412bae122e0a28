"""My Follow-up in the web client: a tile is a click away from its list."""
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from merchandising_case import OutsideAddon


@tagged('post_install', '-at_install')
class TestCockpitInTheBrowser(OutsideAddon, HttpCase):

    def test_a_tile_opens_the_list_behind_it(self):
        merchandiser = self.env['res.users'].create({
            'name': 'Tour Merchandiser', 'login': 'tour_merch', 'password': 'tour_merch_pw',
            'groups_id': [Command.set([self.env.ref('base.group_user').id,
                                       self.env.ref('merchandising.group_merchandiser').id])]})
        customer = self.env['res.partner'].create({'name': 'Tour Buyer Ltd', 'is_company': True})
        order = self.env['sale.order'].create({'partner_id': customer.id, 'user_id': merchandiser.id})
        self.env['merchandising.milestone'].create({
            'order_id': order.id, 'name': 'Tour fabric in-house',
            'planned_date': fields.Date.today() - timedelta(days=5)})
        self.start_tour('/odoo/merchandising-follow-up', 'merchandising_cockpit', login='tour_merch')
