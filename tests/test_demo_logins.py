"""The README's logins on the database `make run` serves (installed the same
way, with demo data): each user logs in with their password, as the login
page and the phone app do (/web/session/authenticate), and finds what their
day starts with — the merchandisers their follow-up pipeline, the customer
her samples in the portal."""
import json

from odoo.tests import HttpCase, get_db_name

from merchandising_case import OutsideAddon

LOGINS = {
    'admin': 'admin',
    'merchandiser1': 'merchandiser1',
    'merchandiser2': 'merchandiser2',
    'sales1': 'sales1',
    'portal1': 'portal1',
    'factory1': 'factory1',
}


class TestDemoLogins(OutsideAddon, HttpCase):

    def _log_in(self, login, password):
        """A real login (HttpCase's authenticate skips the password check):
        the session this test's requests go on with."""
        self.url_open('/web/session/logout', allow_redirects=False)
        return self.make_jsonrpc_request('/web/session/authenticate', {
            'db': get_db_name(), 'login': login, 'password': password})

    def _apps(self):
        """The apps of the user's main menu, as the web client loads them."""
        response = self.url_open('/web/webclient/load_menus/1')
        response.raise_for_status()
        menus = json.loads(response.content)
        return {menus[str(app)]['xmlid']: menus[str(app)] for app in menus['root']['children']}

    def test_every_readme_login_works(self):
        users = self.env['res.users']
        for login, password in LOGINS.items():
            with self.subTest(login=login):
                session = self._log_in(login, password)
                self.assertEqual(session['uid'], users.search([('login', '=', login)]).id)
                self.assertEqual(session['username'], login)

    def test_a_wrong_password_is_refused(self):
        with self.assertRaises(Exception) as error:
            self._log_in('merchandiser1', 'merchandiser2')
        self.assertIn('AccessDenied', str(error.exception))

    def test_merchandisers_start_on_their_pipeline(self):
        pipeline = self.env.ref('merchandising.action_merchandising_pipeline')
        for login, lang in (('merchandiser1', 'en_US'), ('merchandiser2', 'zh_CN')):
            with self.subTest(login=login):
                session = self._log_in(login, LOGINS[login])
                self.assertEqual(session['home_action_id'], pipeline.id)
                self.assertEqual(session['user_context']['lang'], lang)
                apps = self._apps()
                self.assertIn('merchandising.menu_merchandising_root', apps)
                # The pipeline shows them their own orders, in every column.
                orders = self.make_jsonrpc_request('/web/dataset/call_kw/sale.order/web_search_read', {
                    'model': 'sale.order', 'method': 'web_search_read', 'args': [],
                    'kwargs': {'domain': [], 'specification': {'merchandiser_id': {'fields': {'login': {}}},
                                                               'merch_stage_id': {}}}})
                self.assertTrue(orders['records'])
                self.assertEqual({record['merchandiser_id']['login'] for record in orders['records']}, {login})
        # Wang Wei reads Odoo in Chinese.
        self.assertEqual(self._apps()['sale.sale_menu_root']['name'], '销售')

    def test_admin_manages_and_the_salesperson_sells(self):
        self._log_in('admin', 'admin')
        apps = self._apps()
        self.assertIn('merchandising.menu_merchandising_root', apps)
        self.assertIn('sale.sale_menu_root', apps)
        self._log_in('sales1', 'sales1')
        apps = self._apps()
        self.assertIn('sale.sale_menu_root', apps)
        self.assertNotIn('merchandising.menu_merchandising_root', apps)

    def test_portal_customer_lands_on_her_samples(self):
        session = self._log_in('portal1', 'portal1')
        self.assertFalse(session['is_internal_user'])
        # The back-end sends her to the portal, whose home lists her samples.
        home = self.url_open('/odoo')
        self.assertEqual(home.status_code, 200)
        self.assertTrue(home.url.endswith('/my'), home.url)
        self.assertIn('href="/my/samples"', home.text)
        counters = self.make_jsonrpc_request('/my/counters', {'counters': ['sample_count']})
        nordic = self.env.ref('merchandising.partner_nordic_outdoor')
        self.assertEqual(counters['sample_count'], self.env['merchandising.sample'].search_count(
            [('commercial_partner_id', '=', nordic.id)]))
        # The fit sample she received waits for her decision.
        sample = self.env.ref('merchandising.sample_fit_sampling_nordic')
        page = self.url_open('/my/samples')
        self.assertIn(sample.name, page.text)
        detail = self.url_open(sample.get_portal_url())
        self.assertEqual(detail.status_code, 200)
        self.assertIn('action="/my/samples/%d/decide"' % sample.id, detail.text)
        self.assertIn('name="decision" value="approve"', detail.text)

    def test_the_mills_portal_user_sees_only_the_mills_milestones(self):
        session = self._log_in('factory1', 'factory1')
        self.assertFalse(session['is_internal_user'])
        home = self.url_open('/my')
        self.assertIn('href="/my/production"', home.text)
        mill = self.env.ref('merchandising.partner_wuxi_textiles')
        milestones = self.env['merchandising.milestone'].search([('state', 'in', ('pending', 'late'))])
        own = milestones.filtered(lambda milestone: milestone.partner_id == mill)
        others = milestones.filtered(lambda milestone: milestone.partner_id and milestone.partner_id != mill)
        self.assertTrue(own and others)
        counters = self.make_jsonrpc_request('/my/counters', {'counters': ['factory_milestone_count']})
        self.assertEqual(counters['factory_milestone_count'], self.env['merchandising.milestone'].search_count(
            [('partner_id', 'child_of', mill.id)]))
        listing = self.url_open('/my/production?filterby=all').text
        self.assertIn('Materials in-house', listing)
        self.assertNotIn('Production finish', listing, "Ningbo's milestones are not the mill's")
        self.assertEqual(self.url_open('/my/production/%s' % own[0].id).status_code, 200)
        self.assertEqual(self.url_open('/my/production/%s' % others[0].id).status_code, 404)
