from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from ..tools import mail_composer_action
from .merchandising_milestone import OPEN_STATES


class MerchandisingMilestone(models.Model):
    """The milestone in its factory's portal (My production): the date the
    factory now promises with its reason, the day it was done, the pieces
    done so far of each order line and photos; and the chase e-mail the
    merchandiser sends the factory."""

    # One file per concern of the milestone, as the order's features:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'merchandising.milestone'

    quantity_ids = fields.One2many(
        'merchandising.milestone.quantity', 'milestone_id', 'Quantities', copy=False,
        help="How many pieces of each order line are through this milestone so far (cut, sewn, "
             "packed), as the factory reports them.")
    quantity_done = fields.Char(
        'Done So Far', compute='_compute_quantity_done',
        help="The pieces through this milestone over those ordered, as the factory reported them.")

    def _compute_quantity_done(self):
        done = self._quantities_done()
        for milestone in self:
            milestone.quantity_done = done.get(milestone._origin.id, '')

    def _quantities_done(self):
        """{milestone id: "done / ordered"} of the milestones the factory
        reported quantities on, in two queries whatever their number."""
        # sudo: the factory's reports are shown with the milestone, to whoever reads it.
        reports = self.env['merchandising.milestone.quantity'].sudo().search_fetch(
            [('milestone_id', 'in', self._origin.ids)], ['milestone_id', 'sale_line_id', 'quantity'])
        reports.sale_line_id.fetch(['product_uom_qty'])
        totals = defaultdict(lambda: [0.0, 0.0])
        for report in reports:
            totals[report.milestone_id.id][0] += report.quantity
            totals[report.milestone_id.id][1] += report.sale_line_id.product_uom_qty
        return {milestone_id: '%s / %s' % (formatLang(self.env, done, digits=0), formatLang(self.env, ordered, digits=0))
                for milestone_id, (done, ordered) in totals.items()}

    def _factory_portal_url(self):
        """The milestone's page in its factory's portal, if the factory has
        portal users (the chase e-mail links there); else False."""
        self.ensure_one()
        factory = self.partner_id.commercial_partner_id
        # sudo: only whether the factory has portal users, for the link; nothing of them is read.
        users = self.env['res.users'].sudo().search_count(
            [('partner_id', 'child_of', factory.ids), ('share', '=', True)], limit=1) if factory else 0
        return '%s/my/production/%s' % (self.get_base_url(), self.id) if users else False

    def _portal_quantity_lines(self):
        """The order's lines a factory reports quantities of: its products,
        not its notes, sections or freight."""
        self.ensure_one()
        return self.order_id.order_line.filtered(
            lambda line: not line.display_type and not line.is_delivery and line.product_id.type == 'consu')

    def _portal_purchases(self, factory):
        """The factory's own purchase and subcontracting orders for this
        milestone's order (their portal pages are purchase's)."""
        self.ensure_one()
        documents = self.order_id._merch_production_documents().get(self.order_id.id)
        purchases = (documents.purchases | documents.subcontracts) if documents else self.env['purchase.order']
        return purchases.filtered(lambda purchase: purchase.partner_id.commercial_partner_id == factory)

    def _portal_photos(self):
        self.ensure_one()
        # sudo: the milestone's own photos, for its factory's page (the portal reads no attachment).
        return self.env['ir.attachment'].sudo().search([
            ('res_model', '=', self._name), ('res_id', '=', self.id), ('mimetype', '=like', 'image/%')])

    def _portal_update(self, partner, revised_date=None, reason=None, note=None, actual_date=None,
                       quantities=None, photos=None):
        """The factory's update from its portal: the date it now promises
        (with the reason), the day it was done, the quantities done so far
        ({order line: quantity}) and photos ([attachment values]). The same
        rules as in the back-end (a reason for every new date, no actual date
        in the future, the over-production tolerance); the merchandiser gets a
        note in the order's chatter. The caller makes it all or nothing."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            raise UserError(self.env._(
                "%(milestone)s of %(order)s is %(state)s: it takes no update. Ask the merchandiser to "
                "reopen it if it is not.", milestone=self.name, order=self.order_id.name,
                state=dict(self._fields['state']._description_selection(self.env))[self.state]))
        if not (revised_date or actual_date or quantities or photos or note):
            raise UserError(self.env._(
                "%(milestone)s of %(order)s: nothing to send. Enter a new promised date, the day it was "
                "done, quantities, photos or a note.", milestone=self.name, order=self.order_id.name))
        said = []
        if revised_date and revised_date != self.revised_date:
            self.write({'revised_date': revised_date, 'revision_reason_id': reason.id if reason else False,
                        'revision_note': note})
            said.append(self.env._("promises %(date)s (%(reason)s)", date=format_date(self.env, revised_date),
                                   reason=reason.name))
        if quantities:
            self._report_quantities(quantities)
            said.append(self.env._("done so far: %(quantities)s", quantities=', '.join(
                '%s %s / %s' % (line.product_id.display_name, quantity, line.product_uom_qty)
                for line, quantity in quantities.items())))
        if actual_date:
            self.write({'actual_date': actual_date})
            said.append(self.env._("done on %(date)s", date=format_date(self.env, actual_date)))
        attachments = self.env['ir.attachment'].create([
            dict(photo, res_model=self._name, res_id=self.id) for photo in photos or []])
        if note:
            said.append(note)
        body = self.env._("%(factory)s on %(milestone)s: %(update)s.", factory=partner.commercial_partner_id.name,
                          milestone=self.name, update='; '.join(said) or self.env._("photos"))
        # The photos stay on the milestone (its portal page) and go with the
        # note on the order (the same files: the filestore keeps one copy).
        # Not subscribed: mail makes the author of a post a follower, and a
        # follower of a sale order reads it (sale's portal rule): the customer,
        # the prices, in /my/orders and over the API.
        self.order_id.with_context(mail_create_nosubscribe=True).message_post(
            body=body, author_id=partner.id, message_type='comment', subtype_xmlid='mail.mt_note',
            partner_ids=self.order_id.merchandiser_id.partner_id.ids,
            attachments=[(attachment.name, attachment.raw) for attachment in attachments])

    def _report_quantities(self, quantities):
        """Record what is done so far of each order line ({line: quantity}):
        each report replaces the last one of its line."""
        self.ensure_one()
        existing = {report.sale_line_id: report for report in self.quantity_ids}
        for line, quantity in quantities.items():
            if line in existing:
                existing[line].quantity = quantity
        self.env['merchandising.milestone.quantity'].create([
            {'milestone_id': self.id, 'sale_line_id': line.id, 'quantity': quantity}
            for line, quantity in quantities.items() if line not in existing])

    def action_chase_factory(self):
        """Write to the factory: the chase e-mail, in the factory's language,
        ready to edit and send from the milestone's chatter."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._(
                "%(milestone)s of %(order)s: set the Factory / Supplier to chase first.",
                milestone=self.name, order=self.order_id.name))
        return mail_composer_action(self, self.env.ref('merchandising.mail_template_milestone_chase'))
