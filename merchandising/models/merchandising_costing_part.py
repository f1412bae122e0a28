from odoo import api, fields, models


class MerchandisingCostingPart(models.AbstractModel):
    """What a costing sheet is made of — its components, its price breaks —
    kept as it was with the sheet once the sheet is applied or superseded:
    a change is a new version."""

    _name = 'merchandising.costing.part'
    _description = 'Part of a Costing Sheet'

    costing_id = fields.Many2one('merchandising.costing', 'Costing Sheet', required=True, ondelete='cascade',
                                 index=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env['merchandising.costing'].browse(
            {vals['costing_id'] for vals in vals_list if vals.get('costing_id')})._merch_check_unlocked({self._name})
        return super().create(vals_list)

    def write(self, vals):
        self.costing_id._merch_check_unlocked({self._name})
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.costing_id._merch_check_unlocked({self._name})
