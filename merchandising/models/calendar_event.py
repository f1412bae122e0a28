from odoo import api, fields, models


class CalendarEvent(models.Model):
    """A customer's visit (来访接待) is a meeting in the calendar marked as a
    visit: who comes (the attendees), which customer and enquiry it is for,
    the agenda (showroom, factory tour, sample review: the meeting's tags),
    the host (the organizer), the notes, and the follow-up actions agreed,
    each one a to-do on the enquiry or the customer."""

    _inherit = 'calendar.event'

    merch_is_visit = fields.Boolean(
        'Customer Visit', index=True,
        help="A customer visiting us: it is listed in the visits register and on the "
             "customer's file.")
    merch_customer_id = fields.Many2one(
        'res.partner', 'Visiting Customer', index='btree_not_null',
        compute='_compute_merch_customer_id', store=True, readonly=False, precompute=True,
        help="The customer company that visits: the enquiry's customer by default.")
    merch_action_ids = fields.One2many(
        'merchandising.visit.action', 'event_id', 'Follow-up Actions',
        help="What was agreed during the visit: each action becomes a to-do for its "
             "responsible on the enquiry, or on the customer.")

    @api.depends('opportunity_id')
    def _compute_merch_customer_id(self):
        for event in self:
            if event.opportunity_id.partner_id:
                event.merch_customer_id = event.opportunity_id.partner_id.commercial_partner_id
