"""The customer's side of samples, over HTTP: My samples, the decision, and
that nobody reaches another customer's samples."""
from odoo import Command

from merchandising_case import sample_at
from sample_case import PNG, SamplePortalCase


class TestSamplePortal(SamplePortalCase):

    def setUp(self):
        super().setUp()
        env = self.env
        Partner = env['res.partner']
        self.merchandiser = self._user('Portal Test Merchandiser', 'portal_test_merch', env.ref(
            'base.group_user') | env.ref('merchandising.group_merchandiser'))
        self.customer = Partner.create({'name': 'Fjord Gear AS', 'is_company': True, 'customer_rank': 1})
        buyer = Partner.create({'name': 'Ingrid Dahl', 'parent_id': self.customer.id,
                                'email': 'ingrid@fjord-gear.example.com'})
        self.portal_user = self._user('Ingrid Dahl', 'portal_test_ingrid', env.ref('base.group_portal'), buyer)
        self.other_customer = Partner.create({'name': 'Dune Outfitters LLC', 'is_company': True})
        Sample = env['merchandising.sample']
        sample_type = env.ref('merchandising.sample_type_pp')
        product = env['product.product'].create({'name': 'Storm shell jacket', 'default_code': 'SSJ-01'})
        self.sample = sample_at(Sample, {
            'partner_id': self.customer.id, 'type_id': sample_type.id, 'state': 'received',
            'product_id': product.id, 'quantity': 3,
            'merchandiser_id': self.merchandiser.id, 'tracking_ref': 'FJ-778899', 'courier_name': 'UPS'})
        self.photo = self._attach(self.sample, 'front.png', PNG)
        self.other_sample = sample_at(Sample, {
            'partner_id': self.other_customer.id, 'type_id': sample_type.id, 'state': 'received',
            'tracking_ref': 'DU-112233'})
        self.other_photo = self._attach(self.other_sample, 'other.png', PNG)
        self.sample_path = '/my/samples/%s' % self.sample.id
        self.other_path = '/my/samples/%s' % self.other_sample.id

    def _decide(self, path, decision, comment, access_token=None):
        page = self.url_open(path + ('?access_token=%s' % access_token if access_token else ''))
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="decision"', page.text)
        data = {'decision': decision, 'comment': comment, 'csrf_token': self._csrf_token(page.text)}
        if access_token:
            data['access_token'] = access_token
        return self.url_open(path + '/decide', data=data)

    def test_my_samples_lists_only_my_companys_samples(self):
        self._login('portal_test_ingrid')
        page = self.url_open('/my/samples')
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.sample.name, page.text)
        self.assertIn('[SSJ-01] Storm shell jacket', page.text)
        self.assertNotIn(self.other_sample.name, page.text)
        self.assertNotIn('DU-112233', page.text)
        home = self.url_open('/my/home')
        self.assertIn('/my/samples', home.text)
        # The home page's badge counts them.
        self.assertEqual(self.make_jsonrpc_request('/my/counters', {'counters': ['sample_count']}),
                         {'sample_count': 1})

    def test_the_customer_approves_a_received_sample(self):
        self._login('portal_test_ingrid')
        detail = self.url_open(self.sample_path)
        self.assertIn('FJ-778899', detail.text)
        self.assertIn('Storm shell jacket', detail.text)
        self.assertIn('/photo/%s' % self.photo.id, detail.text)
        response = self._decide(self.sample_path, 'approve', 'Perfect, go ahead.')
        self.assertEqual(response.status_code, 200)
        self.assertIn('the sample is approved', response.text)
        self._reload()
        self.assertEqual(self.sample.state, 'approved')
        self.assertEqual(self.sample.customer_comment, 'Perfect, go ahead.')
        self.assertTrue(self.sample.date_decided)
        message = self.sample.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref('merchandising.mt_sample_decided'))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertIn('Perfect, go ahead.', message.body)
        # The merchandiser follows the sample and is notified.
        notified = self.env['mail.notification'].search([('mail_message_id', '=', message.id)])
        self.assertIn(self.merchandiser.partner_id, notified.res_partner_id)

    def test_a_rejection_comment_is_shown_as_text(self):
        self._login('portal_test_ingrid')
        script = '<script>alert("x")</script> Sleeves too long'
        response = self._decide(self.sample_path, 'reject', script)
        self.assertIn('the sample is rejected', response.text)
        self.assertNotIn('<script>alert', response.text)
        self.assertIn('&lt;script&gt;alert', response.text)
        self._reload()
        self.assertEqual(self.sample.state, 'rejected')
        message = self.sample.message_ids[0]
        self.assertNotIn('<script>', message.body)

    def test_a_sample_not_received_cannot_be_decided(self):
        on_its_way = sample_at(self.env['merchandising.sample'], {
            'partner_id': self.customer.id, 'type_id': self.sample.type_id.id, 'state': 'sent',
            'tracking_ref': 'FJ-990011'})
        path = '/my/samples/%s' % on_its_way.id
        self._login('portal_test_ingrid')
        page = self.url_open(path)
        self.assertIn('FJ-990011', page.text)
        self.assertNotIn('name="decision"', page.text)
        response = self.url_open(path + '/decide', data={
            'decision': 'approve', 'csrf_token': self._csrf_token(page.text)})
        self.assertIn('cannot be approved or rejected now', response.text)
        self._reload()
        self.assertEqual(on_its_way.state, 'sent')

    def test_a_catalogue_is_not_decided_in_the_portal(self):
        catalogue = sample_at(self.env['merchandising.sample'], {
            'partner_id': self.customer.id, 'type_id': self.env.ref('merchandising.sample_type_catalogue').id,
            'state': 'received'})
        path = '/my/samples/%s' % catalogue.id
        self._login('portal_test_ingrid')
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('name="decision"', page.text)
        response = self.url_open(path + '/decide', data={
            'decision': 'approve', 'csrf_token': self._csrf_token(page.text)})
        self.assertIn('cannot be approved or rejected now', response.text)
        self._reload()
        self.assertEqual(catalogue.state, 'received')

    def test_another_customers_sample_is_not_found(self):
        self._login('portal_test_ingrid')
        self.assertEqual(self.url_open(self.other_path).status_code, 404)
        self.assertEqual(self.url_open('/my/samples/987654321').status_code, 404)
        self.assertEqual(self.url_open('%s/photo/%s' % (self.other_path, self.other_photo.id)).status_code, 404)
        # Nor through my own sample's URL.
        self.assertEqual(self.url_open('%s/photo/%s' % (self.sample_path, self.other_photo.id)).status_code, 404)
        response = self._post(self.other_path + '/decide', {'decision': 'approve'})
        self.assertEqual(response.status_code, 404)
        self._reload()
        self.assertEqual(self.other_sample.state, 'received')

    def test_the_emailed_link_opens_that_one_sample_without_login(self):
        token, other_token = self.sample._portal_ensure_token(), self.other_sample._portal_ensure_token()
        self._login(None)
        page = self.url_open('%s?access_token=%s' % (self.sample_path, token))
        self.assertEqual(page.status_code, 200)
        self.assertIn('FJ-778899', page.text)
        photo = self.url_open('%s/photo/%s?access_token=%s' % (self.sample_path, self.photo.id, token))
        self.assertEqual(photo.status_code, 200)
        self.assertEqual(photo.headers['Content-Type'], 'image/png')
        self.assertEqual(photo.content, PNG)
        for path in (self.sample_path,                                           # no token
                     '%s?access_token=%s' % (self.sample_path, 'not-the-token'),  # a wrong one
                     '%s?access_token=%s' % (self.other_path, token)):           # another sample's
            self.assertEqual(self.url_open(path).status_code, 404, path)
        listing = self.url_open('/my/samples')
        self.assertIn('/web/login', listing.url)
        self.assertNotIn('FJ-778899', listing.text)
        response = self._decide(self.sample_path, 'approve', 'OK from the link', access_token=token)
        self.assertIn('the sample is approved', response.text)
        self._reload()
        self.assertEqual(self.sample.state, 'approved')
        self.assertEqual(self.sample.message_ids[0].author_id, self.customer)
        self.assertEqual(self.other_sample.access_token, other_token)

    def test_the_sample_sent_email_links_to_the_portal(self):
        sample = sample_at(self.env['merchandising.sample'], {
            'partner_id': self.customer.id, 'type_id': self.sample.type_id.id, 'state': 'sent',
            'merchandiser_id': self.merchandiser.id, 'tracking_ref': 'FJ-445566'})
        composer = self.env['mail.compose.message'].with_user(self.merchandiser).with_context(
            sample.action_send_email()['context']).create({'partner_ids': [Command.set(self.customer.ids)]})
        composer.action_send_mail()
        mail = self.env['mail.mail'].search([('mail_message_id', '=', sample.message_ids[0].id)])
        self.assertIn('%s/my/samples/%s?access_token=%s' % (self.base_url(), sample.id, sample.access_token),
                      mail.body_html)
        # The link opens the sample, logged out.
        self._login(None)
        page = self.url_open('/my/samples/%s?access_token=%s' % (sample.id, sample.access_token))
        self.assertEqual(page.status_code, 200)
        self.assertIn('FJ-445566', page.text)
