from odoo import api, fields, models


class MerchandisingMilestoneLink(models.AbstractModel):
    """What a milestone waits for, on a plan or on a template: a predecessor
    that must finish first, and the lag in working days before this one may
    start. Its name reads "Materials in-house +6 d"."""

    _name = 'merchandising.milestone.link'
    _description = 'T&A Link'

    lag_days = fields.Integer(
        'Lag (working days)',
        help="Working days between the predecessor's finish and this milestone's start: "
             "negative when it may start before the predecessor finishes.")

    @api.depends('predecessor_id.name', 'lag_days')
    def _compute_display_name(self):
        for link in self:
            name = link.predecessor_id.name or ''
            link.display_name = self.env._("%(predecessor)s %(lag)+d d", predecessor=name, lag=link.lag_days) \
                if link.lag_days else name
