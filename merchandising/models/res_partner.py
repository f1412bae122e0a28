from odoo import fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    key_customer = fields.Boolean(
        'Key Customer',
        help="Key customers (重点客户) are served first: their orders are "
             "starred in the follow-up pipeline.")
