"""The customer's side of samples, over HTTP: My samples, the decision, and
that nobody reaches another customer's samples."""
import base64

from http_case import HttpTestCase

# A 1x1 PNG: the photo of a sample.
PNG = base64.b64decode(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')


class TestSamplePortal(HttpTestCase):

    def setUp(self):
        super(TestSamplePortal, self).setUp()
        env = self.env
        Partner = env['res.partner']
        self.merchandiser = env['res.users'].create({
            'name': 'Portal Test Merchandiser', 'login': 'portal_test_merch', 'email': 'ptm@example.com',
            'groups_id': [(6, 0, [env.ref('base.group_user').id, env.ref('merchandising.group_merchandiser').id])]})
        self.customer = Partner.create({'name': 'Fjord Gear AS', 'is_company': True, 'customer': True})
        buyer = Partner.create({'name': 'Ingrid Dahl', 'parent_id': self.customer.id,
                                'email': 'ingrid@fjord-gear.example.com'})
        self.portal_user = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Ingrid Dahl', 'login': 'portal_test_ingrid', 'password': 'ingrid-secret',
            'partner_id': buyer.id, 'groups_id': [(6, 0, [env.ref('base.group_portal').id])]})
        self.other_customer = Partner.create({'name': 'Dune Outfitters LLC', 'is_company': True})
        Sample = env['merchandising.sample']
        sample_type = env.ref('merchandising.sample_type_pp')
        product = env['product.product'].create({'name': 'Storm shell jacket', 'default_code': 'SSJ-01'})
        self.sample = Sample.create({
            'partner_id': self.customer.id, 'type_id': sample_type.id, 'state': 'received',
            'product_id': product.id, 'quantity': 3,
            'merchandiser_id': self.merchandiser.id, 'tracking_ref': 'FJ-778899', 'courier_name': 'UPS'})
        self.photo = env['ir.attachment'].create({
            'name': 'front.png', 'datas_fname': 'front.png', 'datas': base64.b64encode(PNG),
            'res_model': 'merchandising.sample', 'res_id': self.sample.id})
        self.other_sample = Sample.create({
            'partner_id': self.other_customer.id, 'type_id': sample_type.id, 'state': 'received',
            'tracking_ref': 'DU-112233'})
        self.other_photo = env['ir.attachment'].create({
            'name': 'other.png', 'datas_fname': 'other.png', 'datas': base64.b64encode(PNG),
            'res_model': 'merchandising.sample', 'res_id': self.other_sample.id})
        self.sample_path = '/my/samples/%s' % self.sample.id
        self.other_path = '/my/samples/%s' % self.other_sample.id
        self.let_server_in()

    def _login(self):
        return self.browser('portal_test_ingrid', 'ingrid-secret')

    def _decide(self, session, path, decision, comment, access_token=None):
        page = self.get(session, path + ('?access_token=%s' % access_token if access_token else ''))
        self.assertEqual(page.status_code, 200)
        data = {'decision': decision, 'comment': comment, 'csrf_token': self.csrf_token(page.text)}
        if access_token:
            data['access_token'] = access_token
        return self.post(session, path + '/decide', data)

    def test_my_samples_lists_only_my_companys_samples(self):
        session = self._login()
        page = self.get(session, '/my/samples')
        self.assertEqual(page.status_code, 200)
        with self.db():
            self.assertIn(self.sample.name, page.text)
            self.assertIn('[SSJ-01] Storm shell jacket', page.text)
            self.assertNotIn(self.other_sample.name, page.text)
        home = self.get(session, '/my/home')
        self.assertIn('/my/samples', home.text)

    def test_the_customer_approves_a_received_sample(self):
        session = self._login()
        detail = self.get(session, self.sample_path)
        self.assertIn('FJ-778899', detail.text)
        self.assertIn('Storm shell jacket', detail.text)
        self.assertIn('/photo/%s' % self.photo.id, detail.text)
        response = self._decide(session, self.sample_path, 'approve', 'Perfect, go ahead.')
        self.assertEqual(response.status_code, 200)
        self.assertIn('the sample is approved', response.text)
        with self.db() as env:
            self.assertEqual(self.sample.state, 'approved')
            self.assertEqual(self.sample.customer_comment, 'Perfect, go ahead.')
            self.assertTrue(self.sample.date_decided)
            message = self.sample.message_ids.filtered(
                lambda m: m.subtype_id == env.ref('merchandising.mt_sample_decided'))
            self.assertEqual(len(message), 1)
            self.assertEqual(message.author_id, self.portal_user.partner_id)
            self.assertIn('Perfect, go ahead.', message.body)
            # The merchandiser follows the sample and is notified.
            notified = env['mail.notification'].search([('mail_message_id', '=', message.id)])
            self.assertIn(self.merchandiser.partner_id, notified.mapped('res_partner_id'))

    def test_a_rejection_comment_is_shown_as_text(self):
        session = self._login()
        script = '<script>alert("x")</script> Sleeves too long'
        response = self._decide(session, self.sample_path, 'reject', script)
        self.assertIn('the sample is rejected', response.text)
        self.assertNotIn('<script>alert', response.text)
        self.assertIn('&lt;script&gt;alert', response.text)
        with self.db():
            self.assertEqual(self.sample.state, 'rejected')
            message = self.sample.message_ids[0]
            self.assertNotIn('<script>', message.body)

    def test_a_sample_not_received_cannot_be_decided(self):
        with self.db():
            self.sample.state = 'sent'
        session = self._login()
        page = self.get(session, self.sample_path)
        self.assertNotIn('name="decision"', page.text)
        response = self.post(session, self.sample_path + '/decide',
                             {'decision': 'approve', 'csrf_token': self.csrf_token(page.text)})
        self.assertIn('cannot be approved or rejected now', response.text)
        with self.db():
            self.assertEqual(self.sample.state, 'sent')

    def test_another_customers_sample_is_not_found(self):
        session = self._login()
        self.assertEqual(self.get(session, self.other_path).status_code, 404)
        self.assertEqual(self.get(session, '/my/samples/987654321').status_code, 404)
        self.assertEqual(self.get(session, '%s/photo/%s' % (self.other_path, self.other_photo.id)).status_code, 404)
        # Nor through my own sample's URL.
        self.assertEqual(self.get(session, '%s/photo/%s' % (self.sample_path, self.other_photo.id)).status_code, 404)
        page = self.get(session, self.sample_path)
        response = self.post(session, self.other_path + '/decide',
                             {'decision': 'approve', 'csrf_token': self.csrf_token(page.text)})
        self.assertEqual(response.status_code, 404)
        with self.db():
            self.assertEqual(self.other_sample.state, 'received')

    def test_the_emailed_link_opens_that_one_sample_without_login(self):
        with self.db():
            token, other_token = self.sample.access_token, self.other_sample.access_token
        anonymous = self.browser()
        page = self.get(anonymous, '%s?access_token=%s' % (self.sample_path, token))
        self.assertEqual(page.status_code, 200)
        self.assertIn('FJ-778899', page.text)
        photo = self.get(anonymous, '%s/photo/%s?access_token=%s' % (self.sample_path, self.photo.id, token))
        self.assertEqual(photo.status_code, 200)
        self.assertEqual(photo.headers['Content-Type'], 'image/png')
        self.assertEqual(photo.content, PNG)
        for path in (self.sample_path,                                           # no token
                     '%s?access_token=%s' % (self.sample_path, 'not-the-token'),  # a wrong one
                     '%s?access_token=%s' % (self.other_path, token)):           # another sample's
            self.assertEqual(self.get(anonymous, path).status_code, 404, path)
        self.assertEqual(self.get(anonymous, '/my/samples').status_code, 200)
        self.assertNotIn('FJ-778899', self.get(anonymous, '/my/samples').text)
        response = self._decide(anonymous, self.sample_path, 'approve', 'OK from the link', access_token=token)
        self.assertIn('the sample is approved', response.text)
        with self.db():
            self.assertEqual(self.sample.state, 'approved')
            self.assertEqual(self.sample.message_ids[0].author_id, self.customer)
            self.assertEqual(self.other_sample.access_token, other_token)
