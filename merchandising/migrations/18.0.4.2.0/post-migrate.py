"""From 4.1 to 4.2: the chase list goes by the date the network expects.

The morning digest shows each milestone's expected date beside its deadline
and its days overdue; the factory's chase e-mail says "overdue". Both are
reset from their files, unless someone edited them. (The index of the
milestones' forecast date, which the chase job now searches, is the ORM's.)
"""
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
    for xmlid in ('mail_template_milestone_chase', 'mail_template_chase_digest'):
        template = env.ref('merchandising.%s' % xmlid, raise_if_not_found=False)
        if template and template.write_uid.id == SUPERUSER_ID:
            template.reset_template()
        elif template:
            _logger.warning("The e-mail template %s was edited: it is kept as it is, with the milestones' "
                            "deadlines only. Reset it (Technical > Email Templates) to show the expected "
                            "dates.", template.name)
