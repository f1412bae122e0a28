from odoo import api, fields, models

REVISION_KINDS = [
    ('revised', 'New promise'),
    ('planned', 'Re-planned'),
]


class MerchandisingMilestoneRevision(models.Model):
    """One move of a milestone's date, as it happened: the factory's new
    promise (revised date) or a re-plan (planned date), who entered it and
    when, the old and the new date, and why. Never edited: the record of
    what each slip cost."""

    _name = 'merchandising.milestone.revision'
    _description = 'T&A Date Revision'
    _order = 'create_date desc, id desc'
    _rec_name = 'milestone_id'

    milestone_id = fields.Many2one('merchandising.milestone', required=True, index=True, ondelete='cascade',
                                   readonly=True)
    order_id = fields.Many2one(related='milestone_id.order_id', store=True, index=True, precompute=True)
    company_id = fields.Many2one(related='milestone_id.company_id', store=True, precompute=True)
    kind = fields.Selection(REVISION_KINDS, required=True, readonly=True, default='revised')
    old_date = fields.Date('From', readonly=True, help="The date before: the earlier promise, else the planned date.")
    new_date = fields.Date('To', readonly=True, help="The new date; empty when a promise was withdrawn.")
    days = fields.Integer(
        compute='_compute_days', store=True, aggregator='sum',
        help="How many days later the new date is than the one before (negative when earlier).")
    reason_id = fields.Many2one('merchandising.delay.reason', required=True, readonly=True,
                                ondelete='restrict')
    note = fields.Char(readonly=True)
    # Who entered it and when: its create_uid and create_date.

    @api.depends('old_date', 'new_date')
    def _compute_days(self):
        for revision in self:
            both = revision.old_date and revision.new_date
            revision.days = (revision.new_date - revision.old_date).days if both else 0
