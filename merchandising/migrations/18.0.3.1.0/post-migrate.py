"""From 3.0 to 3.1: the factory's documents complete the T&A.

- The standard template's lines take the events of the documents that
  complete them (materials ordered and in-house: purchase orders confirmed
  and received; production start and finish: the manufacturing orders), as
  do the open milestones planned from them that have none: the documents
  are new to the addon, no manager chose otherwise yet.
- The chase e-mail (it links to the factory's portal) and the morning
  digest (it shows the quantities done) are reset from their files, unless
  someone edited them.
- The confirmed orders' milestones are synced with the documents already
  in the database (purchase and manufacturing orders linked to their lines).
"""
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

EVENTS = {
    'milestone_template_line_materials_ordered': 'materials_ordered',
    'milestone_template_line_materials_in_house': 'materials_received',
    'milestone_template_line_production_start': 'production_started',
    'milestone_template_line_production_finish': 'production_done',
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
    Milestone = env['merchandising.milestone']
    for xmlid, event in EVENTS.items():
        line = env.ref('merchandising.%s' % xmlid, raise_if_not_found=False)
        if not line or line.completion_event:
            continue
        line.completion_event = event
        Milestone.search([('template_line_id', '=', line.id), ('completion_event', '=', False),
                          ('state', 'in', ('pending', 'late'))]).completion_event = event
    for xmlid, what in (('mail_template_milestone_chase', "the link to the factory's portal"),
                        ('mail_template_chase_digest', "the quantities done")):
        template = env.ref('merchandising.%s' % xmlid, raise_if_not_found=False)
        if template and template.write_uid.id == SUPERUSER_ID:
            template.reset_template()
        elif template:
            _logger.warning("The e-mail template %s was edited: it is kept, without %s. Reset it (Technical > "
                            "Email Templates) to have it.", template.name, what)
    orders = Milestone.search([('completion_event', '!=', False), ('state', '!=', 'skipped'),
                               ('order_id.state', '=', 'sale')]).order_id
    Milestone._sync_with_documents(orders)
    _logger.info("Production documents: %d confirmed orders' milestones synced with their documents.", len(orders))
