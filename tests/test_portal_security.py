"""Every route of the samples portal, tried as an intruder would: guessed
ids, another customer's token, no token, the public user, another
customer's buyer, a salesperson; and the customer's comment, which comes
back as text wherever it is shown."""
import base64

from http_case import HttpTestCase

PNG = base64.b64decode(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')


class TestPortalSecurity(HttpTestCase):

    def setUp(self):
        super(TestPortalSecurity, self).setUp()
        env = self.env
        Partner, Users = env['res.partner'], env['res.users'].with_context(no_reset_password=True)
        portal = env.ref('base.group_portal')
        self.merchandiser = Users.create({
            'name': 'Portal Security Merchandiser', 'login': 'psec_merch', 'email': 'psec@example.com',
            'groups_id': [(6, 0, [env.ref('base.group_user').id, env.ref('merchandising.group_merchandiser').id])]})
        Users.create({
            'name': 'Portal Security Salesperson', 'login': 'psec_sales', 'password': 'psec-sales',
            'groups_id': [(6, 0, [env.ref('base.group_user').id, env.ref('sales_team.group_sale_salesman').id])]})
        self.customer = Partner.create({'name': 'Alpine Threads AG', 'is_company': True, 'customer': True})
        self.other_customer = Partner.create({'name': 'Coastal Wear Ltd', 'is_company': True, 'customer': True})
        for login, company in (('psec_anna', self.customer), ('psec_tom', self.other_customer)):
            buyer = Partner.create({'name': login, 'parent_id': company.id, 'email': '%s@example.com' % login})
            Users.create({'name': login, 'login': login, 'password': login + '-secret', 'partner_id': buyer.id,
                          'groups_id': [(6, 0, [portal.id])]})
        Sample = env['merchandising.sample']
        sample_type = env.ref('merchandising.sample_type_pp')
        self.sample = Sample.create({
            'partner_id': self.customer.id, 'type_id': sample_type.id, 'state': 'received',
            'merchandiser_id': self.merchandiser.id, 'tracking_ref': 'AT-445566'})
        self.other_sample = Sample.create({
            'partner_id': self.other_customer.id, 'type_id': sample_type.id, 'state': 'received',
            'merchandiser_id': self.merchandiser.id, 'tracking_ref': 'CW-778899'})
        Attachment = env['ir.attachment']
        self.photo = Attachment.create({
            'name': 'front.png', 'datas_fname': 'front.png', 'datas': base64.b64encode(PNG),
            'res_model': 'merchandising.sample', 'res_id': self.sample.id})
        # Internal files: the factory's cost sheet on the sample, a file of an order.
        self.cost_sheet = Attachment.create({
            'name': 'cost.pdf', 'datas_fname': 'cost.pdf', 'mimetype': 'application/pdf',
            'datas': base64.b64encode(b'%PDF-1.4 cost sheet'),
            'res_model': 'merchandising.sample', 'res_id': self.sample.id})
        order = env['sale.order'].create({'partner_id': self.customer.id})
        self.order_image = Attachment.create({
            'name': 'order.png', 'datas_fname': 'order.png', 'datas': base64.b64encode(PNG),
            'res_model': 'sale.order', 'res_id': order.id})
        self.token, self.other_token = self.sample.access_token, self.other_sample.access_token
        self.path = '/my/samples/%s' % self.sample.id
        self.other_path = '/my/samples/%s' % self.other_sample.id
        self.let_server_in()

    def _post(self, session, path, data):
        """A POST with the session's CSRF token, as the page's form sends it."""
        login_page = self.get(session, '/web/login')
        return self.post(session, path, dict(data, csrf_token=self.csrf_token(login_page.text)))

    def _states(self):
        with self.db():
            return self.sample.state, self.other_sample.state

    def test_every_route_refuses_another_customers_sample(self):
        tom = self.browser('psec_tom', 'psec_tom-secret')
        for path in (self.path, '%s/photo/%s' % (self.path, self.photo.id)):
            self.assertEqual(self.get(tom, path).status_code, 404, path)
            # With his own sample's token, on Anna's sample.
            self.assertEqual(self.get(tom, '%s?access_token=%s' % (path, self.other_token)).status_code, 404, path)
        for data in ({'decision': 'reject'}, {'decision': 'reject', 'access_token': self.other_token}):
            self.assertEqual(self._post(tom, self.path + '/decide', data).status_code, 404)
        listing = self.get(tom, '/my/samples')
        self.assertIn('CW-778899', listing.text)
        self.assertNotIn('AT-445566', listing.text)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_guessed_ids_are_not_found(self):
        anna = self.browser('psec_anna', 'psec_anna-secret')
        with self.db():
            last = self.env['merchandising.sample'].search([], order='id desc', limit=1).id
        for sample_id in (last + 1, last + 1000, 0):
            for path in ('/my/samples/%s' % sample_id, '/my/samples/%s/photo/%s' % (sample_id, self.photo.id)):
                self.assertEqual(self.get(anna, path).status_code, 404, path)
            self.assertEqual(self._post(anna, '/my/samples/%s/decide' % sample_id,
                                        {'decision': 'approve'}).status_code, 404)
        # Her own sample's page serves only its pictures: not its internal
        # files, nor any other attachment whose id she guesses.
        for attachment in (self.cost_sheet, self.order_image):
            path = '%s/photo/%s' % (self.path, attachment.id)
            self.assertEqual(self.get(anna, path).status_code, 404, path)
        self.assertEqual(self.get(anna, '%s/photo/%s' % (self.path, self.photo.id)).content, PNG)
        self.assertEqual(self._post(anna, self.path + '/decide', {'decision': 'delete'}).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_the_public_user_needs_the_samples_token(self):
        anonymous = self.browser()
        for path in (self.path, '%s/photo/%s' % (self.path, self.photo.id)):
            for query in ('', '?access_token=', '?access_token=%s' % self.other_token,
                          '?access_token=%s' % self.token.upper()):
                self.assertEqual(self.get(anonymous, path + query).status_code, 404, path + query)
        for data in ({'decision': 'approve'}, {'decision': 'approve', 'access_token': ''},
                     {'decision': 'approve', 'access_token': self.other_token}):
            self.assertEqual(self._post(anonymous, self.path + '/decide', data).status_code, 404)
        # The list is for logged-in customers: the login page, no sample.
        listing = self.get(anonymous, '/my/samples')
        self.assertIn('/web/login', listing.url)
        self.assertNotIn('AT-445566', listing.text)
        # A token opens its own sample only, read-only for the rest.
        page = self.get(anonymous, '%s?access_token=%s' % (self.path, self.token))
        self.assertEqual(page.status_code, 200)
        self.assertIn('AT-445566', page.text)
        self.assertNotIn('CW-778899', page.text)
        self.assertEqual(self.get(anonymous, '%s/photo/%s?access_token=%s' % (
            self.path, self.cost_sheet.id, self.token)).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_a_decision_needs_the_csrf_token(self):
        anna = self.browser('psec_anna', 'psec_anna-secret')
        response = self.post(anna, self.path + '/decide', {'decision': 'approve'})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_an_internal_user_without_rights_on_the_sample_gets_not_found(self):
        sales = self.browser('psec_sales', 'psec-sales')
        self.assertEqual(self.get(sales, self.path).status_code, 404)
        self.assertEqual(self._post(sales, self.path + '/decide', {'decision': 'approve'}).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_a_salesperson_reading_the_sample_decides_nothing_for_the_customer(self):
        with self.db() as env:
            # The customer is now the salesperson's: they may read its samples.
            self.customer.user_id = env['res.users'].search([('login', '=', 'psec_sales')])
        sales = self.browser('psec_sales', 'psec-sales')
        self.assertEqual(self.get(sales, self.path).status_code, 200)
        self.assertEqual(self._post(sales, self.path + '/decide', {'decision': 'approve'}).status_code, 404)
        self.assertEqual(self._states(), ('received', 'received'))

    def test_the_comment_is_stored_as_typed_and_shown_as_text(self):
        anna = self.browser('psec_anna', 'psec_anna-secret')
        comment = '<script>alert("x")</script><img src=x onerror=alert(1)> Sleeves & cuffs too long'
        response = self._post(anna, self.path + '/decide', {'decision': 'reject', 'comment': comment})
        self.assertIn('the sample is rejected', response.text)
        for html in (response.text, self.get(anna, self.path).text):
            self.assertNotIn('<script>alert', html)
            self.assertNotIn('<img src=x', html)
            self.assertIn('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'
                          ' Sleeves &amp; cuffs too long', html)
        with self.db() as env:
            self.assertEqual(self.sample.customer_comment, comment)
            message = self.sample.message_ids.filtered(
                lambda m: m.subtype_id == env.ref('merchandising.mt_sample_decided'))
            self.assertEqual(len(message), 1)
            self.assertNotIn('<script', message.body)
            self.assertNotIn('<img', message.body)
            self.assertIn('&lt;script&gt;', message.body)
            # What the merchandiser's chatter renders (message_format), and
            # the e-mail notifying them, carry the same escaped text.
            formatted = message.sudo(self.merchandiser).message_format()[0]['body']
            self.assertNotIn('<script', formatted)
            self.assertIn('&lt;script&gt;', formatted)
            for mail in env['mail.mail'].search([('mail_message_id', '=', message.id)]):
                self.assertNotIn('<script', mail.body_html)
