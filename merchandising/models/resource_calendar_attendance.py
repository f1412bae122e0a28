from odoo import models


class ResourceCalendarAttendance(models.Model):
    """A working day of a calendar: a change moves the T&A's working days."""

    _inherit = ['resource.calendar.attendance', 'merchandising.cached.config']
    _name = 'resource.calendar.attendance'
