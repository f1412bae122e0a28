"""In a real browser: the buyer rejects the fit sample she received, with a
comment, from My samples in the portal; the merchandiser then reads the
comment in the sample's chatter."""
from odoo import Command

from tour_case import TourCase

COMMENT = 'Sleeves 2 cm too long; zip garage missing at the chin.'


class TestPortalRejectionInTheBrowser(TourCase):

    def test_customer_rejects_sample_merchandiser_reads_why(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        merchandiser = self._merchandiser('Li Tour', 'tour_merch', email='li@example.com')
        customer = env['res.partner'].create({'name': 'Nordic Tour AB', 'is_company': True})
        buyer = env['res.partner'].create({'name': 'Karin Tour', 'parent_id': customer.id,
                                           'email': 'karin@nordic.example.com'})
        env['res.users'].create({
            'name': 'Karin Tour', 'login': 'tour_portal', 'password': 'tour_portal_pw', 'partner_id': buyer.id,
            'groups_id': [Command.set([env.ref('base.group_portal').id])]})
        order = env['sale.order'].create({'partner_id': customer.id, 'user_id': merchandiser.id})
        # Sent and received as the merchandiser does, one step at a time.
        sample = env['merchandising.sample'].with_user(merchandiser).create({
            'order_id': order.id, 'type_id': env.ref('merchandising.sample_type_fit').id})
        for action in ('action_request', 'action_start', 'action_mark_sent', 'action_mark_received'):
            getattr(sample, action)()
        self.assertEqual(sample.state, 'received')

        self.start_tour('/my', 'merchandising_portal_reject_sample', login='tour_portal')
        self.assertEqual(sample.state, 'rejected')
        self.assertEqual(sample.customer_comment, COMMENT)

        self.start_tour('/odoo/action-merchandising.action_merchandising_sample/%d' % sample.id,
                        'merchandising_sample_rejection_in_chatter', login='tour_merch')
