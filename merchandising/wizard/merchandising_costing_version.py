from odoo import fields, models


class MerchandisingCostingVersion(models.TransientModel):
    """Make a new version of a costing sheet, saying why: the buyer's target
    price, a new fabric price, another quantity. Who made it and when are
    the new version's own creator and date."""

    _name = 'merchandising.costing.version'
    _description = 'New Costing Sheet Version'

    costing_id = fields.Many2one('merchandising.costing', 'Costing Sheet', required=True, ondelete='cascade')
    reason = fields.Char(
        'Why this version', required=True,
        help="What changes from the current version: kept on the new version and shown in the list of "
             "versions.")

    def action_create_version(self):
        self.ensure_one()
        new = self.costing_id._merch_new_version(self.reason)
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'merchandising.costing',
            'res_id': new.id,
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'current',
        }
