from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Time off: a public holiday (the time off of no one) closes the
    calendar's day for the T&A; a person's time off does not."""

    _inherit = 'resource.calendar.leaves'

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._merch_clear_working_days()
        return leaves

    def write(self, vals):
        self._merch_clear_working_days()
        res = super().write(vals)
        self._merch_clear_working_days()
        return res

    def unlink(self):
        self._merch_clear_working_days()
        return super().unlink()

    def _merch_clear_working_days(self):
        # Only public holidays count in the T&A's working days (and clearing
        # the cache has a cost in every worker): not for each validated leave.
        if any(not leave.resource_id for leave in self):
            self.env.registry.clear_cache()
