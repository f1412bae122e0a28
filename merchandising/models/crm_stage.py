from odoo import fields, models


class CrmStage(models.Model):
    """An enquiry's stage in CRM, and the follow-up stage a quotation made
    from an enquiry in it starts in: the order's follow-up goes on where the
    enquiry stood."""

    _inherit = 'crm.stage'

    merch_stage_id = fields.Many2one(
        'merchandising.stage', 'Quotations Start In', ondelete='set null',
        help="The follow-up stage of a quotation made from an enquiry in this stage. Empty: "
             "the first follow-up stage.")
