from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANCHORS = [
    ('ex_factory', 'Before/after the ex-factory date'),
    ('confirmation', 'After the order confirmation'),
]

# The events of the order's production documents that complete a milestone
# (merchandising.milestone._sync_with_documents says what each one reads).
COMPLETION_EVENTS = [
    ('materials_ordered', 'Purchase orders confirmed'),
    ('materials_received', 'Purchase receipts done'),
    ('production_started', 'Manufacturing started'),
    ('production_done', 'Manufacturing done'),
    ('subcontract_received', 'Subcontracting receipts done'),
]

ROLES = [
    ('merchandiser', 'Merchandiser'),
    ('purchasing', 'Purchasing'),
    ('qc', 'Quality Control'),
    ('user', 'A Given User'),
]


class MerchandisingMilestoneTemplateLine(models.Model):
    """One milestone of a T&A template: when it falls, how long it takes,
    what it waits for, who answers for it, and the sample whose approval
    completes it, or the event of the order's production documents that does."""

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
        'Offset (working days)',
        help="Working days from the anchor date to the milestone's planned date: negative "
             "before the ex-factory date, positive after confirmation (the company's working "
             "calendar, with its public holidays).")
    duration_days = fields.Integer(
        'Duration (working days)', default=1,
        help="How long the work of the milestone takes once what it waits for is finished.")
    dependency_ids = fields.One2many(
        'merchandising.milestone.template.dependency', 'line_id', 'Predecessors', copy=False,
        help="The milestones this one waits for (finish-to-start), each with its lag.")
    responsible_role = fields.Selection(
        ROLES, 'Responsible', required=True, default='merchandiser',
        help="Who answers for the milestone on each order: its merchandiser, or the "
             "user given below.")
    responsible_user_id = fields.Many2one(
        'res.users', domain=[('share', '=', False)],
        help="Who answers for the milestone. Required for 'A Given User'; for "
             "purchasing and quality control, leave empty to give it to the merchandiser.")
    sample_type_id = fields.Many2one(
        'merchandising.sample.type', 'Completed by Sample', ondelete='restrict',
        domain=[('needs_approval', '=', True)],
        help="The milestone is done when the customer approves a sample of this type "
             "for the order (a PP sample completes \"PP sample approved\").")
    completion_event = fields.Selection(
        COMPLETION_EVENTS, 'Completed by Documents',
        help="The event of the order's purchase, manufacturing or subcontracting orders "
             "that completes the milestone, on the day it happens; until then their "
             "scheduled date is its revised date (reason: supplier's date).")

    @api.constrains('duration_days')
    def _check_duration(self):
        for line in self.filtered(lambda line: line.duration_days < 0):
            raise ValidationError(self.env._(
                "%(template)s, milestone %(milestone)s: the Duration is %(days)s working days. Enter 0 "
                "or more.", template=line.template_id.name, milestone=line.name, days=line.duration_days))

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
            'duration_days': self.duration_days,
            'sample_type_id': self.sample_type_id.id,
            'completion_event': self.completion_event,
            'user_id': (responsible or order.merchandiser_id).id,
        }
