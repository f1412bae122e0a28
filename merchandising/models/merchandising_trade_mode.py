from odoo import api, fields, models


class MerchandisingTradeMode(models.Model):
    """The trade mode (监管方式) of an export declaration, by its customs code:
    0110 general trade, 1039 market procurement, 9610 cross-border e-commerce..."""

    _name = 'merchandising.trade.mode'
    _description = 'Customs Trade Mode'
    _order = 'code'

    code = fields.Char(required=True, help="The customs code of the trade mode, e.g. 0110.")
    name = fields.Char('Trade Mode', required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'A trade mode code is used once.'),
    ]

    @api.multi
    def name_get(self):
        return [(mode.id, '%s %s' % (mode.code, mode.name)) for mode in self]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        if name:
            modes = self.search(['|', ('code', '=ilike', name + '%'), ('name', operator, name)] + (args or []),
                                limit=limit)
            return modes.name_get()
        return super(MerchandisingTradeMode, self).name_search(name, args, operator, limit)
