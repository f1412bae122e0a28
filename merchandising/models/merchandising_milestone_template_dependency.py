from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_acyclic


class MerchandisingMilestoneTemplateDependency(models.Model):
    """What a template milestone waits for: it starts when this earlier one
    is finished, a number of working days later (the lag). Production start
    waits for the materials in-house and for the PP sample approved."""

    _name = 'merchandising.milestone.template.dependency'
    _inherit = ['merchandising.milestone.link']
    _description = 'T&A Template Predecessor'
    _order = 'line_id, predecessor_id'

    line_id = fields.Many2one(
        'merchandising.milestone.template.line', 'Milestone', required=True, index=True, ondelete='cascade')
    predecessor_id = fields.Many2one(
        'merchandising.milestone.template.line', required=True, index=True, ondelete='cascade',
        domain="[('template_id', '=', template_id), ('id', '!=', line_id)]",
        help="The milestone that must be finished first (finish-to-start).")
    template_id = fields.Many2one(related='line_id.template_id', store=True, index=True, precompute=True)

    _sql_constraints = [
        ('predecessor_uniq', 'unique(line_id, predecessor_id)', 'A milestone waits for each predecessor once.'),
    ]

    @api.constrains('line_id', 'predecessor_id')
    def _check_network(self):
        for dependency in self:
            if dependency.predecessor_id.template_id != dependency.line_id.template_id:
                raise ValidationError(self.env._(
                    "%(template)s, milestone %(milestone)s: its predecessor %(predecessor)s is a milestone "
                    "of another template (%(other)s). Choose a predecessor of the same template.",
                    template=dependency.line_id.template_id.name, milestone=dependency.line_id.name,
                    predecessor=dependency.predecessor_id.name, other=dependency.predecessor_id.template_id.name))
        for template in self.template_id:
            check_acyclic(template.line_ids, template.name)
