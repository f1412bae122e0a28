from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import format_date

from .merchandising_milestone import OPEN_STATES
from .merchandising_milestone_template_line import COMPLETION_EVENTS


class MerchandisingMilestone(models.Model):
    """The milestone completed by the order's production documents: a
    purchase, manufacturing or subcontracting order's event (materials
    ordered, received, production started, done) completes it on its day,
    and while it waits the documents' scheduled date is its revised date."""

    # One file per concern of the milestone, as the order's features:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'merchandising.milestone'

    completion_event = fields.Selection(
        COMPLETION_EVENTS, 'Completed by Documents', tracking=True,
        help="The event of the order's purchase, manufacturing or subcontracting orders that "
             "completes the milestone, on the day it happens. Until then, their scheduled date "
             "is its revised date (reason: supplier's date).")
    purchase_ids = fields.Many2many(
        'purchase.order', string='Purchase Orders', compute='_compute_documents',
        help="The order's purchase (or subcontracting) orders whose event completes the milestone: "
             "those of its factory / supplier when it has one.")
    production_ids = fields.Many2many(
        'mrp.production', string='Manufacturing Orders', compute='_compute_documents',
        help="The order's manufacturing orders whose event completes the milestone.")
    done_by_documents = fields.Boolean(
        'Done by Documents', readonly=True, copy=False,
        help="The documents' event completed the milestone: cancelling or unlinking them "
             "opens it again.")

    def _compute_documents(self):
        documents = self.order_id._origin._merch_production_documents()
        for milestone in self:
            bound = milestone._bound_documents(documents.get(milestone.order_id._origin.id))
            milestone.purchase_ids = bound if bound is not None and bound._name == 'purchase.order' else False
            milestone.production_ids = bound if bound is not None and bound._name == 'mrp.production' else False

    def _bound_documents(self, documents):
        """The order's documents (``ProductionDocuments``, sudo) whose event
        completes this milestone: its manufacturing orders, or its purchase
        or subcontracting orders, those of its factory / supplier when it has
        one (the mill's fabric order, not the trims'). None without an event."""
        self.ensure_one()
        event = self.completion_event
        if not event or documents is None:
            return None
        if event in ('production_started', 'production_done'):
            return documents.productions
        purchases = documents.subcontracts if event == 'subcontract_received' else documents.purchases
        if self.partner_id:
            factory = self.partner_id.commercial_partner_id
            purchases = purchases.filtered(lambda purchase: purchase.partner_id.commercial_partner_id == factory)
        return purchases

    def _event_status(self, documents, today):
        """What the bound documents say of the milestone's event, as
        (done on, scheduled for): the day the event happened once every
        document has met it (for materials received, the last receipt's),
        else False and the documents' own date for it (a purchase line's
        expected arrival, a manufacturing order's start or finish), if any.
        Dates are the company's days (``today`` is its today)."""
        self.ensure_one()
        if not documents:
            return False, False
        tz_self = self.with_context(tz=self.company_id.partner_id.tz or 'UTC')

        def day(moment):
            # The company's day of a document's moment; what happened, by today.
            return min(fields.Date.context_today(tz_self, moment), today) if moment else today

        def day_planned(moment):
            return fields.Date.context_today(tz_self, moment)

        event = self.completion_event
        confirmed = all(document.state in ('purchase', 'done') for document in documents) \
            if documents._name == 'purchase.order' else False
        if event == 'materials_ordered':
            return (max(day(purchase.date_approve) for purchase in documents) if confirmed else False), False
        if event in ('materials_received', 'subcontract_received'):
            receipts = documents.picking_ids.filtered(
                lambda picking: picking.picking_type_code == 'incoming' and picking.state != 'cancel')
            if confirmed and receipts and all(picking.state == 'done' for picking in receipts):
                return max(day(picking.date_done) for picking in receipts), False
            waiting = documents.order_line.filtered(
                lambda line: not line.display_type and line.qty_received < line.product_qty and line.date_planned)
            return False, max((day_planned(line.date_planned) for line in waiting), default=False)
        if event == 'production_started':
            # The manufacturing order keeps no start of its own: the day it is
            # seen starting (documents are synced as they change) is the day.
            if any(production.state in ('progress', 'to_close', 'done') for production in documents):
                return today, False
            return False, min((day_planned(production.date_start)
                               for production in documents if production.date_start), default=False)
        if all(production.state == 'done' for production in documents):
            return max(day(production.date_finished) for production in documents), False
        return False, max((day_planned(production.date_finished)
                           for production in documents if production.state != 'done' and production.date_finished),
                          default=False)

    @api.model
    def _sync_with_documents(self, orders):
        """Bring the milestones of these orders that documents complete in
        line with them, in one pass: the event met completes an open one on
        its day; no longer met (a document cancelled or unlinked) it opens
        again the one it had completed, with a note; while it waits, the
        documents' own date is its revised date, with the reason "supplier's
        date" (a mill postponing its delivery moves the forecast at once).
        A milestone recorded by hand stays as the merchandiser left it."""
        milestones = self.search([('order_id', 'in', orders.ids), ('completion_event', '!=', False),
                                  ('state', '!=', 'skipped')])
        if not milestones:
            return
        documents = milestones.order_id._merch_production_documents()
        reason = self.env.ref('merchandising.delay_reason_supplier_date')
        today = fields.Date.context_today(self.with_context(tz=self.env.company.partner_id.tz or 'UTC'))
        done, revised, reopened, notes = defaultdict(self.browse), defaultdict(self.browse), self.browse(), []
        for milestone in milestones:
            bound = milestone._bound_documents(documents.get(milestone.order_id.id))
            done_on, scheduled = milestone._event_status(bound, today)
            names = ', '.join(bound.mapped('name')) if bound else ''
            if milestone.state in OPEN_STATES and done_on:
                done[done_on] |= milestone
                notes.append((milestone, self.env._(
                    "%(milestone)s done on %(date)s: %(documents)s.", milestone=milestone.name,
                    date=format_date(self.env, done_on),
                    documents=names)))
                continue
            if milestone.state == 'done' and milestone.done_by_documents and not done_on:
                reopened |= milestone
                notes.append((milestone, self.env._(
                    "%(milestone)s open again: %(documents)s no longer done.", milestone=milestone.name,
                    documents=names or self.env._("its documents were cancelled or unlinked, and none is"))))
            order_date = fields.Date.context_today(milestone, milestone.order_id.date_order)
            if scheduled and scheduled != (milestone.revised_date or milestone.planned_date) \
                    and scheduled >= order_date and (milestone.state in OPEN_STATES or milestone in reopened):
                revised[scheduled, names] |= milestone
        for actual_date, batch in done.items():
            batch._move_to('done', actual_date=actual_date, done_by_documents=True)
        reopened._move_to('pending', actual_date=False, done_by_documents=False)
        for (revised_date, names), batch in revised.items():
            batch.write({'revised_date': revised_date, 'revision_reason_id': reason.id, 'revision_note': names})
        for milestone, note in notes:
            milestone.order_id.message_post(body=note, subtype_xmlid='mail.mt_note')
