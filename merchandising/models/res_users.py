from odoo import models


class ResUsers(models.Model):
    """A merchandiser's on-time delivery rate, on the user's form."""

    _name = 'res.users'
    _inherit = ['res.users', 'merchandising.otd.mixin']

    def _merch_otd_key(self):
        return 'merchandiser_id', lambda user: user.id
