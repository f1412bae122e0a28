from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class SamplePortal(CustomerPortal):
    """My samples: the customer sees their company's samples, and approves or
    rejects those they received — logged in, or from the e-mailed link."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if 'sample_count' in counters:
            samples = request.env['merchandising.sample']
            values['sample_count'] = samples.search_count([]) if samples.has_access('read') else 0
        return values

    def _sample_check_access(self, sample_id, access_token=None):
        """The sample, in sudo, if the user may read it or holds its token;
        otherwise NotFound, so that a guessed id tells nothing (Odoo's own
        pages redirect to /my, which would tell that the id exists)."""
        try:
            # sudo (inside): once the user's own rights or the token passed;
            # the page shows the product, type and courier, which a portal
            # user may not read themselves.
            return self._document_check_access('merchandising.sample', sample_id, access_token)
        except (AccessError, MissingError):
            raise NotFound()

    def _sample_is_customers(self, sample, access_token=None):
        """Whether the decision is the customer's to give: one of the buyers of
        the sample's customer, or whoever holds the e-mailed link. The decision
        is written in sudo, so reading the sample is not enough: a salesperson
        who may read it decides nothing for the customer here (staff record
        the customer's decision in the back-end, with their own rights)."""
        if access_token and sample.access_token and consteq(sample.access_token, access_token):
            return True
        user = request.env.user
        return not user._is_public() and user.partner_id.commercial_partner_id == sample.commercial_partner_id

    @http.route(['/my/samples', '/my/samples/page/<int:page>'], type='http', auth='user', website=True)
    def portal_my_samples(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        samples = request.env['merchandising.sample']
        sortings = {
            'date': {'label': request.env._('Due Date'), 'order': 'date_due desc, id desc'},
            'name': {'label': request.env._('Reference'), 'order': 'name desc'},
            'state': {'label': request.env._('Status'), 'order': 'state, date_due desc'},
        }
        sortby = sortby if sortby in sortings else 'date'
        count = samples.search_count([]) if samples.has_access('read') else 0
        pager = portal_pager(url='/my/samples', url_args={'sortby': sortby},
                             total=count, page=page, step=self._items_per_page)
        # Searched with the user's record rules, shown in sudo: the page names
        # the product and type, which a portal user may not read themselves.
        found = samples.search([], order=sortings[sortby]['order'],
                               limit=self._items_per_page, offset=pager['offset']) if count else samples
        values.update({
            'samples': found.sudo(),
            'page_name': 'sample',
            'pager': pager,
            'default_url': '/my/samples',
            'searchbar_sortings': sortings,
            'sortby': sortby,
        })
        return request.render('merchandising.portal_my_samples', values)

    @http.route(['/my/samples/<int:sample_id>'], type='http', auth='public', website=True)
    def portal_sample_page(self, sample_id, access_token=None, message=None, **kw):
        sample = self._sample_check_access(sample_id, access_token)
        values = self._prepare_portal_layout_values()
        values.update({
            'sample': sample,
            'photos': sample._portal_photos(),
            'access_token': access_token,
            'page_name': 'sample',
            'message': message,
            'can_decide': self._sample_is_customers(sample, access_token),
            'no_breadcrumbs': bool(access_token) and request.env.user._is_public(),
        })
        return request.render('merchandising.portal_sample_page', values)

    @http.route(['/my/samples/<int:sample_id>/decide'], type='http', auth='public', methods=['POST'],
                website=True)
    def portal_sample_decide(self, sample_id, decision=None, comment=None, access_token=None, **kw):
        sample = self._sample_check_access(sample_id, access_token)
        if decision not in ('approve', 'reject') or not self._sample_is_customers(sample, access_token):
            raise NotFound()
        partner = sample.partner_id if request.env.user._is_public() else request.env.user.partner_id
        try:
            # sudo (the sample of _sample_check_access): a customer may not
            # write samples; only their decision on this one is written, once
            # _sample_is_customers said it is theirs to give.
            sample._portal_decide(decision, comment, partner)
            message = 'approved' if decision == 'approve' else 'rejected'
        except UserError:
            message = 'not_decidable'
        url = '/my/samples/%s?message=%s' % (sample.id, message)
        if access_token:
            url += '&access_token=%s' % access_token
        return request.redirect(url)

    @http.route(['/my/samples/<int:sample_id>/photo/<int:attachment_id>'], type='http', auth='public')
    def portal_sample_photo(self, sample_id, attachment_id, access_token=None, **kw):
        sample = self._sample_check_access(sample_id, access_token)
        photo = sample._portal_photos().filtered(lambda attachment: attachment.id == attachment_id)
        if not photo:
            raise NotFound()
        return request.env['ir.binary']._get_stream_from(photo).get_response()
