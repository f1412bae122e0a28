import base64
from datetime import date

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

# What a factory's photo may be, and how large (the phone's camera: a few MB).
PHOTO_TYPES = ('image/jpeg', 'image/png', 'image/webp', 'image/heic')
PHOTO_MAX_BYTES = 10 * 1024 * 1024


class FactoryPortal(CustomerPortal):
    """My production: a factory's or a supplier's portal users see the T&A
    milestones they must deliver, across every order, and update them: the
    date they now promise (with the reason), the date it happened, the
    quantities done and photos. Nothing of another factory, nor the orders'
    prices or customers."""

    # A method's name is its route's key across every portal controller
    # merged into CustomerPortal: mrp_subcontracting has a
    # portal_my_production (/my/productions/<picking>), hence "factory".

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if 'factory_milestone_count' in counters:
            milestones = request.env['merchandising.milestone']
            values['factory_milestone_count'] = milestones.search_count(self._factory_domain()) \
                if milestones.has_access('read') else 0
        return values

    def _factory_domain(self):
        # The record rule already limits a portal user to their company's
        # milestones; the domain says it again for the internal users who
        # open the page (they see their own company's, none).
        return [('partner_id', 'child_of', request.env.user.commercial_partner_id.id)]

    def _factory_milestone(self, milestone_id):
        """The milestone, in sudo, if it is one of the user's factory; else
        NotFound (a guessed id or another factory's tells nothing)."""
        milestones = request.env['merchandising.milestone']
        if not milestones.has_access('read'):
            raise NotFound()
        # Searched with the user's record rules: the portal's is "their own
        # factory's". Shown in sudo: the page names the order and products,
        # which a portal user may not read themselves.
        milestone = milestones.search(self._factory_domain() + [('id', '=', milestone_id)])
        if not milestone:
            raise NotFound()
        return milestone.sudo()

    @http.route(['/my/production', '/my/production/page/<int:page>'], type='http', auth='user', website=True)
    def portal_my_factory_milestones(self, page=1, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        milestones = request.env['merchandising.milestone']
        filters = {
            'open': {'label': request.env._('To Deliver'), 'domain': [('state', 'in', ('pending', 'late'))]},
            'late': {'label': request.env._('Overdue'), 'domain': [('state', '=', 'late')]},
            'all': {'label': request.env._('All'), 'domain': []},
        }
        filterby = filterby if filterby in filters else 'open'
        domain = self._factory_domain() + filters[filterby]['domain']
        count = milestones.search_count(domain) if milestones.has_access('read') else 0
        pager = portal_pager(url='/my/production', url_args={'filterby': filterby},
                             total=count, page=page, step=self._items_per_page)
        found = milestones.search(domain, order='forecast_date, due_date, order_id, sequence', limit=self._items_per_page,
                                  offset=pager['offset']) if count else milestones
        values.update({
            # sudo: the page names the orders and products, which the factory may not read (found with its rules).
            'milestones': found.sudo(),
            'page_name': 'factory_production',
            'pager': pager,
            'default_url': '/my/production',
            'searchbar_filters': filters,
            'filterby': filterby,
        })
        return request.render('merchandising.portal_my_production', values)

    @http.route(['/my/production/<int:milestone_id>'], type='http', auth='user', website=True)
    def portal_factory_milestone(self, milestone_id, message=None, error=None, **kw):
        milestone = self._factory_milestone(milestone_id)
        values = self._prepare_portal_layout_values()
        values.update({
            'milestone': milestone,
            'page_name': 'factory_production',
            'message': message,
            'error': error,
            # sudo: the reasons are the manager's list, which internal users read; the factory picks one.
            'reasons': request.env['merchandising.delay.reason'].sudo().search([]),
            'lines': milestone._portal_quantity_lines(),
            'purchases': milestone._portal_purchases(request.env.user.commercial_partner_id),
            'photos': milestone._portal_photos(),
        })
        return request.render('merchandising.portal_production_milestone', values)

    @http.route(['/my/production/<int:milestone_id>/update'], type='http', auth='user', methods=['POST'],
                website=True)
    def portal_factory_milestone_update(self, milestone_id, revised_date=None, reason_id=None, note=None,
                                 actual_date=None, **kw):
        milestone = self._factory_milestone(milestone_id)
        error = None
        try:
            update = {
                'revised_date': self._portal_date(revised_date, request.env._('Promised date')),
                # sudo: the reasons are the manager's list, which internal users read; the factory picks one.
                'reason': request.env['merchandising.delay.reason'].sudo().browse(
                    int(reason_id)).exists() if (reason_id or '').isdigit() else None,
                'note': (note or '').strip() or False,
                'actual_date': self._portal_date(actual_date, request.env._('Done on')),
                'quantities': self._portal_quantities(milestone, kw),
                'photos': self._portal_photo_files(),
            }
            # Nothing half-saved: the whole update, or none of it.
            with request.env.cr.savepoint():
                milestone._portal_update(partner=request.env.user.partner_id, **update)
        except (UserError, ValidationError) as exc:
            # Rolled back to the savepoint: the page shows what is saved.
            request.env.invalidate_all()
            error = exc.args[0]
        if error:
            return self.portal_factory_milestone(milestone_id, error=error)
        return request.redirect('/my/production/%s?message=updated' % milestone.id)

    @http.route(['/my/production/<int:milestone_id>/photo/<int:attachment_id>'], type='http', auth='user')
    def portal_factory_milestone_photo(self, milestone_id, attachment_id, **kw):
        milestone = self._factory_milestone(milestone_id)
        photo = milestone._portal_photos().filtered(lambda attachment: attachment.id == attachment_id)
        if not photo:
            raise NotFound()
        return request.env['ir.binary']._get_stream_from(photo).get_response()

    # --- reading the form --------------------------------------------------------

    @staticmethod
    def _portal_date(value, label):
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise UserError(request.env._(
                "%(field)s: %(value)s is not a date. Enter it as the date picker gives it "
                "(year-month-day).", field=label, value=value))

    @staticmethod
    def _portal_quantities(milestone, form):
        """{order line: quantity} from the form's qty_<line id> inputs; only
        the milestone's own order's lines, only those filled in."""
        quantities = {}
        for line in milestone._portal_quantity_lines():
            value = (form.get('qty_%s' % line.id) or '').strip()
            if not value:
                continue
            try:
                quantities[line] = float(value.replace(',', ''))
            except ValueError:
                raise UserError(request.env._(
                    "%(product)s: %(value)s is not a quantity. Enter a number of pieces.",
                    product=line.product_id.display_name, value=value))
        return quantities

    @staticmethod
    def _portal_photo_files():
        photos = []
        for upload in request.httprequest.files.getlist('photos'):
            if not upload or not upload.filename:
                continue
            content = upload.read()
            if upload.mimetype not in PHOTO_TYPES or len(content) > PHOTO_MAX_BYTES:
                raise UserError(request.env._(
                    "Photos: %(name)s is not a photo of at most 10 MB (JPEG, PNG, WebP or HEIC). "
                    "Choose another file.", name=upload.filename))
            photos.append({'name': upload.filename, 'datas': base64.b64encode(content),
                           'mimetype': upload.mimetype})
        return photos
