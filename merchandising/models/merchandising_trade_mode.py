from odoo import api, fields, models


class MerchandisingTradeMode(models.Model):
    """The trade mode (监管方式) of an export declaration, by its customs code:
    0110 general trade, 1039 market procurement, 9610 cross-border e-commerce..."""

    _name = 'merchandising.trade.mode'
    _description = 'Customs Trade Mode'
    _order = 'code'
    _rec_names_search = ['code', 'name']

    code = fields.Char(required=True, help="The customs code of the trade mode, e.g. 0110.")
    name = fields.Char('Trade Mode', required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'A trade mode code is used once.'),
    ]

    @api.depends('code', 'name')
    def _compute_display_name(self):
        for mode in self:
            mode.display_name = '%s %s' % (mode.code or '', mode.name or '')
