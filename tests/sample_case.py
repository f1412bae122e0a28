"""What the tests of samples start from: the sample types of the addon's
data, and a sample made and walked through its steps as the merchandiser
does."""
import base64
import re

from odoo.tests import HttpCase

from merchandising_case import MerchandisingCase, OutsideAddon, sample_at

# A 1x1 PNG: the photo of a sample.
PNG = base64.b64decode(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')


class SampleCase(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.type_pp = ref('merchandising.sample_type_pp')
        cls.type_fit = ref('merchandising.sample_type_fit')
        cls.type_shipping = ref('merchandising.sample_type_shipping')
        cls.type_catalogue = ref('merchandising.sample_type_catalogue')

    def _sample(self, order=None, sample_type=None, **vals):
        vals.setdefault('type_id', (sample_type or self.type_pp).id)
        if order:
            vals['order_id'] = order.id
        else:
            vals.setdefault('partner_id', self.customer.id)
        return sample_at(self.env['merchandising.sample'], vals)

    def _walk(self, sample, *actions):
        for action in actions:
            getattr(sample, action)()
        return sample


class SamplePortalCase(OutsideAddon, HttpCase):
    """The customer's side over HTTP: the server runs on the test's cursor,
    so what setUp creates is what the requests see."""

    def _user(self, name, login, groups, partner=None):
        vals = {'name': name, 'login': login, 'password': login + '-secret', 'email': '%s@example.com' % login,
                'groups_id': [(6, 0, groups.ids)]}
        if partner:
            vals['partner_id'] = partner.id
        return self.env['res.users'].with_context(no_reset_password=True).create(vals)

    def _attach(self, record, name, data, mimetype=None):
        vals = {'name': name, 'raw': data, 'res_model': record._name, 'res_id': record.id}
        if mimetype:
            vals['mimetype'] = mimetype
        return self.env['ir.attachment'].create(vals)

    def _login(self, login=None):
        """A session of that user (None: the public user, as from the e-mailed link)."""
        self.authenticate(login, login and login + '-secret')

    def _csrf_token(self, html):
        """The CSRF token of the session, as the page's forms send it."""
        match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(r'csrf_token: "([^"]+)"', html)
        self.assertTrue(match, "no CSRF token in the page")
        return match.group(1)

    def _post(self, path, data, token_from='/my/samples'):
        """A POST with the session's CSRF token, read from a page of the session."""
        page = self.url_open(token_from)
        return self.url_open(path, data=dict(data, csrf_token=self._csrf_token(page.text)))

    def _reload(self, *records):
        # The requests wrote through the server's own environment.
        self.env.invalidate_all()
        return records
