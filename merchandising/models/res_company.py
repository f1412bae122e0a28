from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    merch_transit_days = fields.Integer(
        'Transit Buffer (days)', default=0,
        help="Days between the ex-factory date and the date the customer wants the "
             "goods: the ex-factory date defaults to the requested date less these days.")
    merch_at_risk_days = fields.Integer(
        'At-risk Margin (days)', default=3,
        help="An order whose forecast ship date slips by up to this many days is at "
             "risk; by more, it is late.")
    merch_due_soon_days = fields.Integer(
        'Due-soon Window (days)', default=7,
        help="The daily chase list gives the responsible a to-do for each milestone "
             "falling due within this many days, and the merchandisers' digest e-mail "
             "lists them with the samples due to be sent.")

    @api.constrains('merch_transit_days', 'merch_at_risk_days', 'merch_due_soon_days')
    def _check_merch_days(self):
        for company in self:
            for name in ('merch_transit_days', 'merch_at_risk_days', 'merch_due_soon_days'):
                if company[name] < 0:
                    raise ValidationError(_("%s: %s cannot be negative. Enter 0 or more days.") % (
                        company.name, self._fields[name].get_description(self.env)['string']))

    @api.model
    def _merch_due_soon_until(self, today):
        """The last due date that any company's due-soon window reaches."""
        # sudo: the widest window of all companies bounds the job's search;
        # only day counts are read.
        days = max(self.sudo().search([]).mapped('merch_due_soon_days') or [0])
        return fields.Date.to_string(fields.Date.from_string(today) + timedelta(days=days))

    def _merch_is_due_soon(self, due_date, today):
        """Whether a date (today or later) falls in this company's due-soon window."""
        self.ensure_one()
        days = (fields.Date.from_string(due_date) - fields.Date.from_string(today)).days
        return days <= self.merch_due_soon_days
