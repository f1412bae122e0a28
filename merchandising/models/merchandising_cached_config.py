from odoo import api, models


class MerchandisingCachedConfig(models.AbstractModel):
    """Configuration read for every order that moves or is confirmed (the
    stages, the sample types that gate them, the always-required document
    types, the T&A templates to match) and that changes seldom: its readings
    are cached per process (``tools.ormcache``), and any change to it clears
    Odoo's cache, in every worker, at once."""

    _name = 'merchandising.cached.config'
    _description = 'Cached Follow-up Configuration'

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
