from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class MerchandisingSampleType(models.Model):
    """A kind of sample the merchandiser sends to the customer — proto, fit,
    size set, pre-production (PP), top of production (TOP), shipping sample,
    catalogue — and what it gates: the follow-up stage an order may not enter
    before the customer approved such a sample."""

    _name = 'merchandising.sample.type'
    _inherit = ['merchandising.cached.config']
    _description = 'Sample Type'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code shown on cards and in references, e.g. PP or TOP.")
    sequence = fields.Integer(default=10)
    required_before_stage_id = fields.Many2one(
        'merchandising.stage', ondelete='restrict',
        help="An order may not enter this stage, or any later one, until the "
             "customer approved a sample of this type for it.")
    needs_approval = fields.Boolean(
        'Needs Customer Approval', default=True,
        help="The customer approves or rejects samples of this type. Leave "
             "unticked for what is only sent, like catalogues: their samples "
             "end once sent or received.")
    lead_days = fields.Integer(
        'Lead Time (days)', default=7,
        help="Days from the request to the date the sample is due to be sent.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        help="Leave empty to share the type between all companies.")

    _sql_constraints = [
        ('code_company_uniq', 'unique (code, company_id)',
         'The code of a sample type must be unique per company.'),
    ]

    @api.model
    @tools.ormcache()
    def _stage_gates(self):
        """The active types that gate a stage: (type id, stage id, company id).
        Cached like the stages' pipeline: every order that moves asks."""
        # sudo: a cache for every user, of configuration every order that moves reads.
        types = self.sudo().with_context(active_test=True).search_fetch(
            [('required_before_stage_id', '!=', False)], ['required_before_stage_id', 'company_id'])
        return tuple((t.id, t.required_before_stage_id.id, t.company_id.id) for t in types)

    @api.constrains('required_before_stage_id', 'needs_approval')
    def _check_required_needs_approval(self):
        for sample_type in self:
            if sample_type.required_before_stage_id and not sample_type.needs_approval:
                raise ValidationError(self.env._(
                    "Sample type %(type)s gates the stage '%(stage)s', so it must need the customer's "
                    "approval: tick 'Needs Customer Approval' or clear 'Required Before Stage'.",
                    type=sample_type.name, stage=sample_type.required_before_stage_id.name))

    @api.constrains('lead_days')
    def _check_lead_days(self):
        for sample_type in self:
            if sample_type.lead_days < 0:
                raise ValidationError(self.env._(
                    "Sample type %(type)s: the lead time cannot be negative. Enter 0 or more days.",
                    type=sample_type.name))
