from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANCHORS = [
    ('ex_factory', 'Before/after the ex-factory date'),
    ('confirmation', 'After the order confirmation'),
]

ROLES = [
    ('merchandiser', 'Merchandiser'),
    ('purchasing', 'Purchasing'),
    ('qc', 'Quality Control'),
    ('user', 'A Given User'),
]


class MerchandisingMilestoneTemplateLine(models.Model):
    """One milestone of a T&A template: when it falls, how long it takes,
    who answers for it, whether it is on the critical path, and the sample
    whose approval completes it."""

    _name = 'merchandising.milestone.template.line'
    _description = 'T&A Template Milestone'
    _order = 'sequence, id'

    template_id = fields.Many2one(
        'merchandising.milestone.template', required=True, ondelete='cascade', index=True)
    name = fields.Char('Milestone', required=True, translate=True)
    sequence = fields.Integer(default=10, help="Milestones are planned and forecast in this order.")
    anchor = fields.Selection(
        ANCHORS, required=True, default='ex_factory',
        help="The date the offset counts from.")
    offset_days = fields.Integer(
        'Offset (days)',
        help="Days from the anchor date to the milestone's due date: negative "
             "before the ex-factory date, positive after confirmation.")
    duration_days = fields.Integer(
        'Duration (days)', default=1,
        help="How long the work of the milestone takes; shown on the timeline.")
    responsible_role = fields.Selection(
        ROLES, 'Responsible', required=True, default='merchandiser',
        help="Who answers for the milestone on each order: its merchandiser, or the "
             "user given below.")
    responsible_user_id = fields.Many2one(
        'res.users', domain=[('share', '=', False)],
        help="Who answers for the milestone. Required for 'A Given User'; for "
             "purchasing and quality control, leave empty to give it to the merchandiser.")
    is_critical = fields.Boolean(
        'Critical Path', default=True,
        help="A delay of a critical milestone pushes every later milestone and the "
             "ship date; a delay of another one does not.")
    sample_type_id = fields.Many2one(
        'merchandising.sample.type', 'Completed by Sample', ondelete='restrict',
        domain=[('needs_approval', '=', True)],
        help="The milestone is done when the customer approves a sample of this type "
             "for the order (a PP sample completes \"PP sample approved\").")

    @api.constrains('responsible_role', 'responsible_user_id')
    def _check_responsible_user(self):
        for line in self:
            if line.responsible_role == 'user' and not line.responsible_user_id:
                raise ValidationError(self.env._(
                    "%(template)s, milestone %(milestone)s: the responsible is 'A Given User'. "
                    "Choose the Responsible User, or another role.",
                    template=line.template_id.name, milestone=line.name))

    def _milestone_values(self, order):
        """What a new milestone of the order takes from this template line."""
        self.ensure_one()
        responsible = self.responsible_user_id if self.responsible_role != 'merchandiser' else order.merchandiser_id
        return {
            'order_id': order.id,
            'template_line_id': self.id,
            'name': self.name,
            'sequence': self.sequence,
            'is_critical': self.is_critical,
            'sample_type_id': self.sample_type_id.id,
            'user_id': (responsible or order.merchandiser_id).id,
        }
