from datetime import timedelta

import pytz

from odoo import api, models, tools

from ..network import WorkingDays

class ResourceCalendar(models.Model):
    """Working hours, as the T&A counts them: which days a factory or the
    office works, and its public holidays."""

    _inherit = ['resource.calendar', 'merchandising.cached.config']
    _name = 'resource.calendar'

    @api.model
    def _merch_working_days_of(self, calendar_ids):
        """{calendar id: WorkingDays} for these ids (``False``: no calendar,
        every day works), each read once per process and cached: every
        confirmation and every forecast counts in them, and they change a
        few times a year (a change clears the cache, see the attendances
        and public holidays)."""
        return {calendar_id: self._merch_working_days_cached(calendar_id) for calendar_id in calendar_ids}

    @api.model
    @tools.ormcache('calendar_id')
    def _merch_working_days_cached(self, calendar_id):
        if not calendar_id:
            return WorkingDays()
        return self.browse(calendar_id)._merch_working_days().get(calendar_id, WorkingDays())

    def _merch_working_days(self):
        """{calendar id: WorkingDays} of these calendars, in two queries
        whatever their number: the weekdays they attend, and the public
        holidays (time off of no one) of each calendar or of its whole
        company."""
        result = {}
        # sudo: a cache for every user: the working days of the calendars, read by anyone planning.
        calendars = self.sudo().exists()
        attendances = self.env['resource.calendar.attendance'].sudo().search_fetch(
            [('calendar_id', 'in', calendars.ids), ('display_type', '=', False)], ['calendar_id', 'dayofweek'])
        weekdays = {calendar.id: set() for calendar in calendars}
        for attendance in attendances:
            weekdays[attendance.calendar_id.id].add(int(attendance.dayofweek))
        # sudo: as the attendances, for the cache of every user.
        leaves = self.env['resource.calendar.leaves'].sudo().search_fetch(
            [('resource_id', '=', False), ('time_type', '=', 'leave'),
             '|', ('calendar_id', 'in', calendars.ids),
             '&', ('calendar_id', '=', False), ('company_id', 'in', calendars.company_id.ids)],
            ['calendar_id', 'company_id', 'date_from', 'date_to'])
        for calendar in calendars:
            tz = pytz.timezone(calendar.tz or 'UTC')
            holidays = set()
            for leave in leaves:
                if leave.calendar_id not in (calendar, calendar.browse()) or (
                        not leave.calendar_id and leave.company_id != calendar.company_id):
                    continue
                start = pytz.utc.localize(leave.date_from).astimezone(tz)
                stop = pytz.utc.localize(leave.date_to).astimezone(tz)
                day, last = start.date(), stop.date()
                if stop.time() == stop.time().min and last > day:
                    last -= timedelta(days=1)  # ends at midnight: the day before is the last
                while day <= last:
                    holidays.add(day)
                    day += timedelta(days=1)
            result[calendar.id] = WorkingDays(weekdays[calendar.id], holidays)
        return result
