from odoo import fields, models


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
