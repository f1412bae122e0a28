"""My Follow-up in the web client: a tile is a click away from its list."""
from datetime import timedelta

from odoo import fields

from tour_case import TourCase


class TestCockpitInTheBrowser(TourCase):

    def test_a_tile_opens_the_list_behind_it(self):
        # One time zone for the merchandiser and the forecast's "today",
        # whatever the hour of the run.
        merchandiser = self._merchandiser('Tour Merchandiser', 'tour_merch', tz='UTC')
        env = self.env(context=dict(self.env.context, tz='UTC'))
        customer = env['res.partner'].create({'name': 'Tour Buyer Ltd', 'is_company': True})
        order = env['sale.order'].create({'partner_id': customer.id, 'user_id': merchandiser.id})
        env['merchandising.milestone'].create({
            'order_id': order.id, 'name': 'Tour fabric in-house',
            'planned_date': fields.Date.context_today(order) - timedelta(days=5)})
        self.start_tour('/odoo/merchandising-follow-up', 'merchandising_cockpit', login='tour_merch')
