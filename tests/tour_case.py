"""What the browser tests (Odoo tours) start from: a merchandiser who logs in
with a password, in the test's own transaction (HttpCase serves it)."""
from odoo import Command
from odoo.tests import HttpCase, tagged

from merchandising_case import OutsideAddon


@tagged('post_install', '-at_install')
class TourCase(OutsideAddon, HttpCase):

    def _merchandiser(self, name, login, **vals):
        """A merchandiser whose password is ``<login>_pw``."""
        return self.env['res.users'].with_context(no_reset_password=True).create(dict({
            'name': name, 'login': login, 'password': '%s_pw' % login,
            'groups_id': [Command.set([self.env.ref('base.group_user').id,
                                       self.env.ref('merchandising.group_merchandiser').id])]}, **vals))
