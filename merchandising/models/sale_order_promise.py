from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime
from odoo.tools.translate import LazyTranslate

from ..tools import guard_lifted, is_guard_lifted, lock_rows_nowait

# The promise and its baseline: written only by confirmation (the first
# promise) and by New Delivery Date Agreed (_merch_agree_promise).
PROMISE_FIELDS = ('commitment_date', 'merch_first_commitment_date')

_lt = LazyTranslate(__name__)


class SaleOrder(models.Model):
    """The promise to the customer (交期): a confirmed order's Delivery Date
    (``commitment_date``) is what the customer was promised and what the
    merchandiser is measured against. It moves only through New Delivery
    Date Agreed — the new date, who asked, why, the buyer's e-mail —, each
    change kept on the order and in its chatter; after the last delivery only
    a merchandising manager corrects it, marked as a correction. The first
    promise, the one the order was confirmed with, never moves: the on-time
    report measures every shipment against both."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_first_commitment_date = fields.Datetime(
        'First Promised Date', readonly=True, copy=False,
        help="The delivery date the customer was promised when the order was confirmed (or the "
             "first one agreed after): the on-time rate \"as first promised\" counts from it. "
             "It never changes.")
    merch_promise_ids = fields.One2many(
        'merchandising.promise', 'order_id', 'Delivery Date Changes', readonly=True, copy=False)

    # --- the guard ------------------------------------------------------------

    def _guarded_fields(self):
        return dict(super()._guarded_fields(), merch_first_commitment_date=(False, _lt(
            "it is the Delivery Date the order was confirmed with (or the first one agreed after)")))

    def write(self, vals):
        self._merch_check_promise_write(vals)
        return super().write(vals)

    def _merch_check_promise_write(self, vals):
        """Refuse a write of a confirmed order's promise from anywhere but its
        own path (a form, an import, the API alike, whatever the context):
        writing the value it has passes. (The first promise is one of the
        guarded fields of the state mixin: never written but by confirmation.)"""
        if 'commitment_date' in vals and not is_guard_lifted(self, 'commitment_date'):
            new = fields.Datetime.to_datetime(vals['commitment_date'])
            changed = self.filtered(lambda order: order.state == 'sale' and order.commitment_date != new)
            if changed:
                raise UserError(self.env._(
                    "%(order)s is confirmed: its Delivery Date is the date promised to the customer and "
                    "changes only through New Delivery Date Agreed (with who asked and why).",
                    order=changed[0].name))

    # --- confirmation: the first promise ------------------------------------------

    def _action_confirm(self):
        # The confirmation's own write carries the first promise (no query of
        # its own): lifted for it alone.
        with guard_lifted(self, 'merch_first_commitment_date'):
            return super()._action_confirm()

    def _merch_confirmation_values(self):
        values = super()._merch_confirmation_values()
        for order in self:
            if order.commitment_date and not order.merch_first_commitment_date:
                values[order.id]['merch_first_commitment_date'] = order.commitment_date
        return values

    # --- New Delivery Date Agreed ----------------------------------------------------

    def action_merch_agree_promise(self):
        """Open New Delivery Date Agreed on the order."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_promise_wizard')
        action['context'] = {'default_order_id': self.id,
                             'default_new_date': fields.Datetime.to_string(self.commitment_date)}
        return action

    def _merch_may_correct_promise(self):
        return self.env.user.has_group('merchandising.group_merchandising_manager')

    def _merch_agree_promise(self, new_date, requested_by, reason, attachment=None):
        """Agree a new delivery date with the customer: ``new_date`` (a
        datetime), asked by ``requested_by`` ('customer' or 'us'), for
        ``reason``; ``attachment`` ({'name', 'raw'}), the buyer's e-mail. The
        promise and its record, or nothing."""
        self.ensure_one()
        self.check_access('write')
        self._merch_check_new_promise(new_date, requested_by, reason)
        lock_rows_nowait(self)
        old_date = self.commitment_date
        correction = bool(self.merch_ship_date)
        values = {'commitment_date': new_date}
        if not self.merch_first_commitment_date:
            # Confirmed without a promise (or before this addon measured it):
            # the first promise is the one it had, else this one.
            values['merch_first_commitment_date'] = old_date or new_date
        with guard_lifted(self, *PROMISE_FIELDS):
            self.write(values)
        document = self.env['ir.attachment'].create({
            'name': attachment['name'], 'raw': attachment['raw'], 'res_model': self._name, 'res_id': self.id,
        }) if attachment and attachment.get('raw') else self.env['ir.attachment']
        # sudo: the log is read-only for everyone; the user entered it (create_uid).
        self.env['merchandising.promise'].sudo().create({
            'order_id': self.id, 'old_date': old_date, 'new_date': new_date, 'requested_by': requested_by,
            'reason': reason.strip(), 'attachment_id': document.id, 'is_correction': correction,
        })
        self._merch_post_promise(old_date, new_date, requested_by, reason.strip(), correction, document)
        return True

    def _merch_check_new_promise(self, new_date, requested_by, reason):
        """What a new promise must be: a date, a reason, who asked; on a
        confirmed order, not cancelled; not in the past while the order is
        open; after the last delivery, a manager's correction only."""
        order = self.name
        if self.state == 'cancel':
            raise UserError(self.env._(
                "%(order)s is cancelled: it has no delivery date to agree.", order=order))
        if self.state != 'sale':
            raise UserError(self.env._(
                "%(order)s is still a quotation: set its Delivery Date on the order itself.", order=order))
        if not new_date:
            raise ValidationError(self.env._(
                "%(order)s: enter the New Delivery Date agreed with the customer.", order=order))
        if not requested_by:
            raise ValidationError(self.env._(
                "%(order)s: say who asked for the new delivery date (Asked By: the customer, or us).",
                order=order))
        if not (reason or '').strip():
            raise ValidationError(self.env._(
                "%(order)s: say why the delivery date changes (Reason): it is kept with the change "
                "and shown in the chatter.", order=order))
        new_date = fields.Datetime.to_datetime(new_date)
        if new_date == self.commitment_date:
            raise ValidationError(self.env._(
                "%(order)s is already promised for %(date)s: enter the new date agreed.",
                order=order, date=format_datetime(self.env, new_date)))
        if self.merch_ship_date:
            if not self._merch_may_correct_promise():
                raise UserError(self.env._(
                    "%(order)s shipped on %(date)s: its promise is frozen. A merchandising manager may "
                    "correct it (New Delivery Date Agreed, as a correction).",
                    order=order, date=self.merch_ship_date))
        elif fields.Date.context_today(self, new_date) < fields.Date.context_today(self):
            raise ValidationError(self.env._(
                "%(order)s: the New Delivery Date %(date)s is in the past. Enter the date the customer "
                "now expects the goods.", order=order, date=format_datetime(self.env, new_date)))

    def _merch_post_promise(self, old_date, new_date, requested_by, reason, correction, document):
        labels = dict(self.env['merchandising.promise']._fields['requested_by']._description_selection(self.env))
        dates = {'old': format_datetime(self.env, old_date) if old_date else self.env._("none"),
                 'new': format_datetime(self.env, new_date)}
        head = (self.env._("Delivery date corrected after shipment: %(old)s → %(new)s.", **dates) if correction
                else self.env._("New delivery date agreed: %(old)s → %(new)s.", **dates))
        self.message_post(
            body=Markup("<p>%s</p><p>%s</p><p>%s</p>") % (
                head, self.env._("Asked by: %(who)s", who=labels[requested_by]),
                self.env._("Reason: %(reason)s", reason=reason)),
            subtype_xmlid='mail.mt_note', attachment_ids=document.ids)
