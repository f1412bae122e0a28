from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class ResCompany(models.Model):
    """The company's rules of production chasing: how long the goods travel
    after the factory, how far a forecast may slip before the order is late,
    and how far ahead the daily chase list looks. Set in Settings ›
    Merchandising."""

    _inherit = 'res.company'

    merch_transit_days = fields.Integer(
        'Transit Buffer (days)', default=0,
        help="Days between the ex-factory date and the delivery date promised to the "
             "customer: the ex-factory date defaults to the delivery date less these days.")
    merch_at_risk_days = fields.Integer(
        'At-risk Margin (days)', default=3,
        help="An order whose forecast ship date slips by up to this many days is at "
             "risk; by more, it is forecast late.")
    merch_due_soon_days = fields.Integer(
        'Due-soon Window (days)', default=7,
        help="The daily chase list gives the responsible a to-do for each milestone "
             "falling due within this many days, and the merchandisers' digest e-mail "
             "lists them with the samples due to be sent.")

    merch_overproduction_tolerance = fields.Float(
        'Over-production Tolerance (%)', default=5.0,
        help="How much more than ordered a factory may report done on a milestone (cut, sewn, "
             "packed), as a share of the ordered quantity.")

    merch_reply_reminder_days = fields.Integer(
        'Buyer Reply Reminder (days)', default=3,
        help="When a buyer has not answered an enquiry's last message for this many days, the "
             "enquiry's salesperson gets a to-do to follow up.")

    merch_min_margin_percent = fields.Float(
        'Minimum Margin (%)', default=10.0,
        help="An order whose costed line leaves less margin than this, by its costing sheet, is confirmed "
             "by a merchandising manager only.")

    @api.constrains('merch_min_margin_percent')
    def _check_merch_min_margin_percent(self):
        for company in self:
            if not 0 <= company.merch_min_margin_percent < 100:
                raise ValidationError(self.env._(
                    "%(company)s: the Minimum Margin is %(margin)s %%. Enter from 0 to less than 100 %%.",
                    company=company.name, margin=company.merch_min_margin_percent))

    @api.constrains('merch_overproduction_tolerance')
    def _check_merch_overproduction_tolerance(self):
        for company in self.filtered(lambda company: company.merch_overproduction_tolerance < 0):
            raise ValidationError(self.env._(
                "%(company)s: the Over-production Tolerance cannot be negative. Enter 0 %% or more.",
                company=company.name))

    @api.constrains('merch_transit_days', 'merch_at_risk_days', 'merch_due_soon_days', 'merch_reply_reminder_days')
    def _check_merch_days(self):
        for company in self:
            for name in ('merch_transit_days', 'merch_at_risk_days', 'merch_due_soon_days',
                         'merch_reply_reminder_days'):
                if company[name] < 0:
                    raise ValidationError(self.env._(
                        "%(company)s: %(setting)s cannot be negative. Enter 0 or more days.",
                        company=company.name, setting=self._fields[name]._description_string(self.env)))

    @api.model
    def _merch_due_soon_domain(self, today, date_field):
        """The records (of a model with a company and the date ``date_field``)
        due by the end of their company's due-soon window, overdue ones
        included: what the daily chase list chases, milestones and samples."""
        # sudo: the chase job covers every company; only their day counts are read.
        return expression.OR([
            [('company_id', '=', company.id),
             (date_field, '<=', today + timedelta(days=company.merch_due_soon_days))]
            for company in self.sudo().search([])])
