"""Every route of the samples portal, tried as an intruder would: guessed
ids, another customer's token, no token, the public user, another
customer's buyer, a salesperson; and the customer's comment, which comes
back as text wherever it is shown."""
from merchandising_case import sample_at
from sample_case import PNG, SamplePortalCase


class TestPortalSecurity(SamplePortalCase):

    def setUp(self):
        super().setUp()
        env = self.env
        Partner = env['res.partner']
        portal = env.ref('base.group_portal')
        self.merchandiser = self._user('Portal Security Merchandiser', 'psec_merch', env.ref(
            'base.group_user') | env.ref('merchandising.group_merchandiser'))
        self.salesperson = self._user('Portal Security Salesperson', 'psec_sales', env.ref(
            'base.group_user') | env.ref('sales_team.group_sale_salesman'))
        self.customer = Partner.create({'name': 'Alpine Threads AG', 'is_company': True, 'customer_rank': 1})
        self.other_customer = Partner.create({'name': 'Coastal Wear Ltd', 'is_company': True, 'customer_rank': 1})
        for login, company in (('psec_anna', self.customer), ('psec_tom', self.other_customer)):
            buyer = Partner.create({'name': login, 'parent_id': company.id, 'email': '%s@example.com' % login})
            self._user(login, login, portal, buyer)
        Sample = env['merchandising.sample']
        sample_type = env.ref('merchandising.sample_type_pp')
        self.sample = sample_at(Sample, {
            'partner_id': self.customer.id, 'type_id': sample_type.id, 'state': 'received',
            'merchandiser_id': self.merchandiser.id, 'tracking_ref': 'AT-445566'})
        self.other_sample = sample_at(Sample, {
            'partner_id': self.other_customer.id, 'type_id': sample_type.id, 'state': 'received',
            'merchandiser_id': self.merchandiser.id, 'tracking_ref': 'CW-778899'})
        self.photo = self._attach(self.sample, 'front.png', PNG)
        # Internal files: the factory's cost sheet on the sample, a file of an order.
        self.cost_sheet = self._attach(self.sample, 'cost.pdf', b'%PDF-1.4 cost sheet', 'application/pdf')
        order = env['sale.order'].create({'partner_id': self.customer.id})
        self.order_image = self._attach(order, 'order.png', PNG)
        self.token, self.other_token = self.sample._portal_ensure_token(), self.other_sample._portal_ensure_token()
        self.path = '/my/samples/%s' % self.sample.id
        self.other_path = '/my/samples/%s' % self.other_sample.id

    def _post(self, path, data, token_from='/web/login'):
        """A POST with the session's CSRF token, as a page's form sends it."""
        return super()._post(path, data, token_from=token_from)

    def _states(self):
        self._reload()
        return self.sample.state, self.other_sample.state

    def test_every_route_refuses_another_customers_sample(self):
        self._login('psec_tom')
        for path in (self.path, '%s/photo/%s' % (self.path, self.photo.id)):
            self.assertEqual(self.url_open(path).status_code, 404, path)
            # With his own sample's token, on Anna's sample.
            self.assertEqual(self.url_open('%s?access_token=%s' % (path, self.other_token)).status_code, 404, path)
        for data in ({'decision': 'reject'}, {'decision': 'reject', 'access_token': self.other_token}):
            self.assertEqual(self._post(self.path + '/decide', data).status_code, 404)
        listing = self.url_open('/my/samples')
        self.assertIn('CW-778899', listing.text)
        self.assertNotIn('AT-445566', listing.text)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_guessed_ids_are_not_found(self):
        self._login('psec_anna')
        last = self.env['merchandising.sample'].search([], order='id desc', limit=1).id
        for sample_id in (last + 1, last + 1000, 0):
            for path in ('/my/samples/%s' % sample_id, '/my/samples/%s/photo/%s' % (sample_id, self.photo.id)):
                self.assertEqual(self.url_open(path).status_code, 404, path)
            self.assertEqual(self._post('/my/samples/%s/decide' % sample_id,
                                        {'decision': 'approve'}).status_code, 404)
        # Her own sample's page serves only its pictures: not its internal
        # files, nor any other attachment whose id she guesses.
        for attachment in (self.cost_sheet, self.order_image):
            path = '%s/photo/%s' % (self.path, attachment.id)
            self.assertEqual(self.url_open(path).status_code, 404, path)
        self.assertEqual(self.url_open('%s/photo/%s' % (self.path, self.photo.id)).content, PNG)
        self.assertEqual(self._post(self.path + '/decide', {'decision': 'delete'}).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_the_public_user_needs_the_samples_token(self):
        self._login(None)
        for path in (self.path, '%s/photo/%s' % (self.path, self.photo.id)):
            for query in ('', '?access_token=', '?access_token=%s' % self.other_token,
                          '?access_token=%s' % self.token.upper()):
                self.assertEqual(self.url_open(path + query).status_code, 404, path + query)
        for data in ({'decision': 'approve'}, {'decision': 'approve', 'access_token': ''},
                     {'decision': 'approve', 'access_token': self.other_token}):
            self.assertEqual(self._post(self.path + '/decide', data).status_code, 404)
        # The list is for logged-in customers: the login page, no sample.
        listing = self.url_open('/my/samples')
        self.assertIn('/web/login', listing.url)
        self.assertNotIn('AT-445566', listing.text)
        with self.assertRaises(Exception):
            self.make_jsonrpc_request('/my/counters', {'counters': ['sample_count']})
        # A token opens its own sample only, read-only for the rest.
        page = self.url_open('%s?access_token=%s' % (self.path, self.token))
        self.assertEqual(page.status_code, 200)
        self.assertIn('AT-445566', page.text)
        self.assertNotIn('CW-778899', page.text)
        self.assertEqual(self.url_open('%s/photo/%s?access_token=%s' % (
            self.path, self.cost_sheet.id, self.token)).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_a_decision_needs_the_csrf_token(self):
        self._login('psec_anna')
        response = self.url_open(self.path + '/decide', data={'decision': 'approve'})
        self.assertEqual(response.status_code, 400)
        response = self.url_open(self.path + '/decide', data={'decision': 'approve', 'csrf_token': 'forged'})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_an_internal_user_without_rights_on_the_sample_gets_not_found(self):
        self._login('psec_sales')
        self.assertEqual(self.url_open(self.path).status_code, 404)
        self.assertEqual(self._post(self.path + '/decide', {'decision': 'approve'}).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_a_salesperson_reading_the_sample_decides_nothing_for_the_customer(self):
        # The customer is now the salesperson's: they may read its samples.
        self.customer.user_id = self.salesperson
        self._login('psec_sales')
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('name="decision"', page.text)
        self.assertEqual(self._post(self.path + '/decide', {'decision': 'approve'}).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_the_comment_is_stored_as_typed_and_shown_as_text(self):
        self._login('psec_anna')
        comment = '<script>alert("x")</script><img src=x onerror=alert(1)> Sleeves & cuffs too long'
        response = self._post(self.path + '/decide', {'decision': 'reject', 'comment': comment})
        self.assertIn('the sample is rejected', response.text)
        for html in (response.text, self.url_open(self.path).text):
            self.assertNotIn('<script>alert', html)
            self.assertNotIn('<img src=x', html)
            # (Odoo 18's QWeb escapes the quote as &#34;, 11.0's as &quot;.)
            self.assertIn('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'
                          ' Sleeves &amp; cuffs too long', html)
        self._reload()
        self.assertEqual(self.sample.customer_comment, comment)
        message = self.sample.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref('merchandising.mt_sample_decided'))
        self.assertEqual(len(message), 1)
        self.assertNotIn('<script', message.body)
        self.assertNotIn('<img', message.body)
        self.assertIn('&lt;script&gt;', message.body)
        # What the merchandiser's chatter reads, and the e-mail notifying
        # them, carry the same escaped text.
        self._login('psec_merch')
        chatter = self.make_jsonrpc_request('/mail/thread/messages', {
            'thread_model': 'merchandising.sample', 'thread_id': self.sample.id})
        formatted = next(data['body'] for data in chatter['data']['mail.message'] if data['id'] == message.id)
        self.assertNotIn('<script', formatted)
        self.assertIn('&lt;script&gt;', formatted)
        mails = self.env['mail.mail'].search([('mail_message_id', '=', message.id)])
        self.assertTrue(mails)
        for mail in mails:
            self.assertNotIn('<script', mail.body_html)
