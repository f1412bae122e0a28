from odoo import fields, models


class MerchandisingDelayReason(models.Model):
    """Why a date of the T&A moved: the list the manager keeps (material late,
    sample rejected, capacity...). Every revised or re-planned date names
    one, and the on-time report groups the late orders by them."""

    _name = 'merchandising.delay.reason'
    _description = 'Delay Reason'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Char(translate=True, help="When to choose this reason.")

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'Each delay reason is listed once.'),
    ]
