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
        was_public = self._merch_public()
        res = super().write(vals)
        if was_public or self._merch_public():  # a public holiday before or after the change
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        self._merch_clear_working_days()
        return super().unlink()

    def _merch_public(self):
        return any(not leave.resource_id for leave in self)

    def _merch_clear_working_days(self):
        # Only public holidays count in the T&A's working days (and clearing
        # the cache has a cost in every worker): not for each validated leave.
        if self._merch_public():
            self.env.registry.clear_cache()
