"""My production, the factory's portal: each factory sees the milestones it
delivers across the orders, and only those; it promises a date with its
reason, records the day it was done, reports quantities and photos; the
merchandiser is told and the forecast follows. Guessed ids, another
factory's milestones, a done one, bad dates and quantities are refused, and
nothing is half-saved."""
import importlib.util
import os
from datetime import timedelta

from odoo import Command, fields
from odoo.modules.module import get_module_path

from sample_case import PNG, SamplePortalCase


class TestFactoryPortal(SamplePortalCase):

    def setUp(self):
        super().setUp()
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        Partner = env['res.partner']
        portal = env.ref('base.group_portal')
        self.merchandiser = self._user('Factory Portal Merchandiser', 'fp_merch', env.ref(
            'base.group_user') | env.ref('merchandising.group_merchandiser'))
        self.customer = Partner.create({'name': 'Alpine Threads AG', 'is_company': True, 'customer_rank': 1})
        self.mill = Partner.create({'name': 'Wuxi Test Mill', 'is_company': True})
        self.knitter = Partner.create({'name': 'Ningbo Test Knitting', 'is_company': True})
        for login, company in (('fp_mill', self.mill), ('fp_knit', self.knitter), ('fp_buyer', self.customer)):
            # The factory records "today" in its own time zone, whatever the server's clock says.
            contact = Partner.create({'name': login, 'parent_id': company.id, 'email': '%s@example.com' % login,
                                      'tz': 'Asia/Shanghai'})
            self._user(login, login, portal, contact)
        self.product = env['product.product'].create({'name': 'Alpaca scarf', 'type': 'consu'})
        self.today = fields.Date.context_today(env['sale.order'].with_context(tz='Asia/Shanghai'))
        self.order = env['sale.order'].create({
            'partner_id': self.customer.id, 'user_id': self.merchandiser.id,
            'merchandiser_id': self.merchandiser.id, 'ex_factory_date': self.today + timedelta(days=90),
            'order_line': [Command.create({'product_id': self.product.id, 'product_uom_qty': 1000,
                                           'price_unit': 13.37})]})
        self.order.action_confirm()
        plan = {milestone.name: milestone for milestone in self.order.merch_milestone_ids}
        self.in_house, self.finish = plan['Materials in-house'], plan['Production finish']
        self.in_house.partner_id, self.finish.partner_id = self.mill, self.knitter
        self.line = self.order.order_line
        self.path = '/my/production/%s' % self.in_house.id

    def _update(self, data, path=None, files=None):
        page = self.url_open('/my/production')
        data = dict(data, csrf_token=self._csrf_token(page.text)) if 'csrf_token' not in data else data
        return self.opener.post(self.base_url() + (path or self.path) + '/update', data=data, files=files,
                                timeout=30, allow_redirects=True)

    def test_each_factory_sees_only_its_own_milestones(self):
        self._login('fp_mill')
        listing = self.url_open('/my/production').text
        self.assertIn('Materials in-house', listing)
        self.assertNotIn('Production finish', listing)
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order.name, page.text)
        # Neither the customer nor the price.
        self.assertNotIn('Alpine Threads', page.text)
        self.assertNotIn('13.37', page.text)
        # The knitter's milestone and guessed ids are not found, read or written.
        last = self.env['merchandising.milestone'].search([], order='id desc', limit=1).id
        for milestone_id in (self.finish.id, last + 1, 0):
            path = '/my/production/%s' % milestone_id
            self.assertEqual(self.url_open(path).status_code, 404, path)
            self.assertEqual(self._update({'note': 'Hello'}, path=path).status_code, 404, path)
        self._login('fp_knit')
        self.assertIn('Production finish', self.url_open('/my/production').text)
        self.assertEqual(self.url_open(self.path).status_code, 404)
        # Odoo's own subcontracting portal keeps its pages beside ours.
        self.assertEqual(self.url_open('/my/productions').status_code, 200)

    def test_the_customer_and_the_merchandiser_see_no_factory_page(self):
        for login in ('fp_buyer', 'fp_merch'):
            self._login(login)
            self.assertNotIn('Materials in-house', self.url_open('/my/production').text, login)
            self.assertEqual(self.url_open(self.path).status_code, 404, login)
        self._login(None)
        self.assertNotEqual(self.url_open(self.path).url, self.base_url() + self.path, "the public is sent to log in")

    def test_the_factory_promises_a_date_reports_quantities_and_photos(self):
        forecast = self.order.forecast_ship_date
        new_date = self.in_house.planned_date + timedelta(days=14)
        self._login('fp_mill')
        response = self._update({
            'revised_date': new_date.isoformat(), 'reason_id': self.env.ref('merchandising.delay_reason_material').id,
            'note': 'Dye lot re-done', 'qty_%s' % self.line.id: '400',
        }, files={'photos': ('yarn.png', PNG, 'image/png')})
        self.assertIn('the merchandiser has your update', response.text)
        self._reload()
        self.assertEqual(self.in_house.revised_date, new_date)
        revision = self.in_house.revision_ids[:1]
        self.assertEqual((revision.reason_id, revision.note, revision.create_uid.login),
                         (self.env.ref('merchandising.delay_reason_material'), 'Dye lot re-done', 'fp_mill'))
        self.assertEqual(self.in_house.quantity_ids.mapped('quantity'), [400])
        self.assertEqual(self.line.merch_qty_produced, 400)
        self.assertGreater(self.order.forecast_ship_date, forecast)
        note = self.order.message_ids.filtered(lambda message: 'Wuxi Test Mill on' in message.preview)
        self.assertEqual(len(note), 1)
        self.assertIn('Wuxi Test Mill on Materials in-house: promises', note.preview)
        self.assertIn('done so far: Alpaca scarf 400.0 / 1000.0; Dye lot re-done', note.preview)
        self.assertEqual(note.author_id.name, 'fp_mill')
        self.assertIn(self.merchandiser.partner_id, note.partner_ids)
        self.assertEqual(note.attachment_ids.mapped('name'), ['yarn.png'])
        photo = self.in_house._portal_photos()
        self.assertEqual(self.url_open('%s/photo/%s' % (self.path, photo.id)).content, PNG)
        # Another record's attachment is not served through the milestone.
        self.assertEqual(self.url_open('%s/photo/%s' % (self.path, note.attachment_ids.id)).status_code, 404)

    def test_the_factory_update_reaches_the_merchandiser_but_not_the_customer_order(self):
        # Mail makes who posts a follower, and sale's portal rule lets a
        # follower read the order: the customer, the prices, /my/orders.
        self._login('fp_mill')
        self._update({'revised_date': (self.in_house.planned_date + timedelta(days=3)).isoformat(),
                      'reason_id': self.env.ref('merchandising.delay_reason_capacity').id, 'note': 'Dyeing'})
        self._reload()
        mill_user = self.env['res.users'].search([('login', '=', 'fp_mill')])
        note = self.order.message_ids.filtered(lambda message: 'Wuxi Test Mill on' in message.preview)
        self.assertIn(self.merchandiser.partner_id, note.partner_ids)
        self.assertNotIn(mill_user.partner_id, self.order.message_partner_ids)
        self.assertNotIn(self.order.name, self.url_open('/my/orders').text)
        self.assertNotIn('13.37', self.url_open('/my/orders/%s' % self.order.id).text)
        found = self.make_jsonrpc_request('/web/dataset/call_kw/sale.order/search_read', {
            'model': 'sale.order', 'method': 'search_read', 'args': [],
            'kwargs': {'domain': [], 'fields': ['amount_total']}})
        self.assertEqual(found, [])
        self.assertFalse(self.env['sale.order'].with_user(mill_user).search([]))
        # The milestone's page still names its order.
        self.assertIn(self.order.name, self.url_open(self.path).text)

    def test_the_upgrade_to_4_1_removes_the_followers_the_factory_portal_added(self):
        # As 4.0 left them: the mill's portal user followed the customer's order.
        mill_user = self.env['res.users'].search([('login', '=', 'fp_mill')])
        buyer_user = self.env['res.users'].search([('login', '=', 'fp_buyer')])
        self.order.message_subscribe(partner_ids=(mill_user | buyer_user | self.merchandiser).partner_id.ids)
        self.assertTrue(self.env['sale.order'].with_user(mill_user).search([('id', '=', self.order.id)]))
        path = os.path.join(get_module_path('merchandising'), 'migrations', '18.0.4.1.0', 'post-migrate.py')
        spec = importlib.util.spec_from_file_location('merchandising_migrate_4_1', path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, '18.0.4.0.0')
        self.env.invalidate_all()
        # The mill reads no more of it; the customer's buyer and the merchandiser still follow.
        self.assertNotIn(mill_user.partner_id, self.order.message_partner_ids)
        self.assertIn(buyer_user.partner_id, self.order.message_partner_ids)
        self.assertIn(self.merchandiser.partner_id, self.order.message_partner_ids)
        self.assertFalse(self.env['sale.order'].with_user(mill_user).search([('id', '=', self.order.id)]))

    def test_the_factory_records_the_day_it_was_done(self):
        self._login('fp_mill')
        self._update({'actual_date': self.today.isoformat()})
        self._reload()
        self.assertEqual((self.in_house.state, self.in_house.actual_date), ('done', self.today))
        # Done: no more updates, neither offered nor taken.
        page = self.url_open(self.path).text
        self.assertIn('Nothing more to send on this milestone', page)
        self.assertNotIn('o_merch_factory_update', page)
        response = self._update({'note': 'One more thing'})
        self.assertIn('it takes no update', response.text)

    def test_bad_input_is_refused_and_nothing_is_half_saved(self):
        self._login('fp_mill')
        cases = [
            ({'revised_date': (self.today + timedelta(days=60)).isoformat(), 'qty_%s' % self.line.id: '500'},
             'say why the date moves'),
            ({'actual_date': (self.today + timedelta(days=2)).isoformat(), 'qty_%s' % self.line.id: '500'},
             'is in the future'),
            ({'note': 'Cut', 'qty_%s' % self.line.id: '1051'}, 'beyond the 5.0 % tolerance (1050.0 at most)'),
            ({'qty_%s' % self.line.id: 'many'}, 'is not a quantity'),
            ({'revised_date': 'next week'}, 'is not a date'),
            ({}, 'nothing to send'),
        ]
        for data, error in cases:
            response = self._update(data)
            self.assertEqual(response.status_code, 200)
            self.assertIn(error, response.text, data)
            self._reload()
            self.assertFalse(self.in_house.revised_date)
            self.assertEqual(self.in_house.state, 'pending')
            self.assertFalse(self.in_house.quantity_ids)
        # Within the tolerance the manager sets, it passes.
        self._update({'qty_%s' % self.line.id: '1050'})
        self._reload()
        self.assertEqual(self.in_house.quantity_ids.mapped('quantity'), [1050])

    def test_a_photo_must_be_a_photo(self):
        self._login('fp_mill')
        response = self._update({'note': 'Invoice'}, files={'photos': ('invoice.pdf', b'%PDF-1.4', 'application/pdf')})
        self.assertIn('is not a photo', response.text)
        self._reload()
        self.assertFalse(self.env['ir.attachment'].search(
            [('res_model', '=', 'merchandising.milestone'), ('res_id', '=', self.in_house.id)]))

    def test_the_chase_email_links_to_the_factory_portal(self):
        template = self.env.ref('merchandising.mail_template_milestone_chase')
        body = template._render_field('body_html', self.in_house.ids)[self.in_house.id]
        self.assertIn('/my/production/%s' % self.in_house.id, body)
        no_portal = self.env['res.partner'].create({'name': 'Offline Trims Co.', 'is_company': True})
        self.in_house.partner_id = no_portal
        body = template._render_field('body_html', self.in_house.ids)[self.in_house.id]
        self.assertNotIn('/my/production/', body)


