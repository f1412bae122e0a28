"""My Follow-up in the web client: a tile is a click away from its list."""
from datetime import timedelta

from odoo import fields

from tour_case import TourCase


class TestCockpitInTheBrowser(TourCase):

    def test_a_tile_opens_the_list_behind_it(self):
        merchandiser = self._merchandiser('Tour Merchandiser', 'tour_merch')
        customer = self.env['res.partner'].create({'name': 'Tour Buyer Ltd', 'is_company': True})
        order = self.env['sale.order'].create({'partner_id': customer.id, 'user_id': merchandiser.id})
        self.env['merchandising.milestone'].create({
            'order_id': order.id, 'name': 'Tour fabric in-house',
            'planned_date': fields.Date.today() - timedelta(days=5)})
        self.start_tour('/odoo/merchandising-follow-up', 'merchandising_cockpit', login='tour_merch')
