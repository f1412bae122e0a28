from collections import defaultdict

from odoo import api, fields, models

from .merchandising_milestone import OPEN_STATES


class MerchandisingMilestone(models.Model):
    """The milestone completed by the customer's approval of a sample, and
    the samples to send in the merchandiser's morning digest."""

    # One file per concern of the milestone, as the order's features:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'merchandising.milestone'

    @api.model
    def _complete_by_samples(self, samples):
        """The customer approved these samples: each completes the open
        milestones of its order that wait for a sample of its type, on the
        day the customer decided. One search for all the samples."""
        decided = {(sample.order_id.id, sample.type_id.id): sample.date_decided
                   for sample in samples if sample.state == 'approved' and sample.order_id}
        if not decided:
            return self.browse()
        # sudo: the approval was allowed on the sample (its buttons, or the
        # portal once the customer's token or login passed), and only the open
        # milestones of the sample's own order waiting for its type are done;
        # the customer, or a salesperson, deciding may not write milestones.
        waiting = self.sudo().search_fetch([
            ('order_id', 'in', [order_id for order_id, _type_id in decided]),
            ('sample_type_id', 'in', [type_id for _order_id, type_id in decided]),
            ('state', 'in', OPEN_STATES)], ['order_id', 'sample_type_id'])
        today = fields.Date.context_today(self)
        by_date = defaultdict(waiting.browse)
        for milestone in waiting:
            key = (milestone.order_id.id, milestone.sample_type_id.id)
            if key in decided:
                by_date[decided[key] or today] |= milestone
        for actual_date, milestones in by_date.items():
            milestones._move_to('done', actual_date=actual_date)
        return waiting.browse().union(*by_date.values())

    @api.model
    def _chase_digest_sections(self, today):
        sections = super()._chase_digest_sections(today)
        sections['samples'] = self.env['merchandising.sample']._to_chase(today)._digest_lines(today)
        return sections
