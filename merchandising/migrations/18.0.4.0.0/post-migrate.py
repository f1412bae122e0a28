"""From 3.1 to 4.0: before the order (enquiries, visits, the customer's
file, costing).

- CRM's own stages get the follow-up stage a quotation made from an
  enquiry in them starts in (data/crm_data.xml sets them on a new install;
  an update does not write another module's records of a noupdate file),
  unless a manager chose one already.
"""
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

START_STAGES = {
    'crm.stage_lead1': 'merchandising.stage_enquiry',
    'crm.stage_lead2': 'merchandising.stage_enquiry',
    'crm.stage_lead3': 'merchandising.stage_quotation_sent',
    'crm.stage_lead4': 'merchandising.stage_quotation_sent',
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
    for crm_xmlid, stage_xmlid in START_STAGES.items():
        crm_stage = env.ref(crm_xmlid, raise_if_not_found=False)
        stage = env.ref(stage_xmlid, raise_if_not_found=False)
        if crm_stage and stage and not crm_stage.merch_stage_id:
            crm_stage.merch_stage_id = stage
    _logger.info("merchandising 4.0: CRM stages mapped to the follow-up stages quotations start in")
