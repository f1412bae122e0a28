"""From 2.0 (a sequence of milestones in calendar days, the critical path
ticked by hand) to 3.0 (a network in working days, the critical path
computed, the reason of every revision).

- The standard template, when its lines are still as 2.0 shipped them,
  takes 3.0's offsets and durations in working days (its links, new records,
  were loaded by the update). A template the manager changed keeps its
  figures, now counted in working days: the note of the release says so.
- Every milestone takes its template line's duration, and every plan the
  links of its template, as a plan made today would.
- The morning digest's template is reset from its file (it lists first the
  orders that turned worse), unless someone edited it.
- The forecasts, slacks and critical paths of the plans are computed again.
  Without the early warning: the upgrade is not news of the orders.

The planned dates (the approved baselines) do not move; the revised dates
of 2.0 have no recorded reason, and keep none.
"""
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

# xmlid: (2.0's offset, duration), (3.0's offset, duration)
STANDARD_LINES = {
    'milestone_template_line_materials_ordered': ((-60, 3), (-42, 3)),
    'milestone_template_line_materials_in_house': ((-40, 1), (-28, 14)),
    'milestone_template_line_pp_approved': ((-35, 5), (-25, 5)),
    'milestone_template_line_production_start': ((-30, 1), (-21, 1)),
    'milestone_template_line_inline_inspection': ((-18, 1), (-12, 9)),
    'milestone_template_line_production_finish': ((-7, 1), (-5, 7)),
    'milestone_template_line_final_inspection': ((-4, 1), (-3, 2)),
    'milestone_template_line_packing': ((-2, 2), (-1, 2)),
    'milestone_template_line_ex_factory': ((0, 1), (0, 1)),
    'milestone_template_line_on_board': ((3, 1), (2, 2)),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
    lines = {xmlid: env.ref('merchandising.%s' % xmlid, raise_if_not_found=False) for xmlid in STANDARD_LINES}
    if all(line and (line.offset_days, line.duration_days) == STANDARD_LINES[xmlid][0]
           for xmlid, line in lines.items()):
        for xmlid, line in lines.items():
            offset, duration = STANDARD_LINES[xmlid][1]
            line.write({'offset_days': offset, 'duration_days': duration})
        _logger.info("The standard T&A template now counts in working days (3.0's offsets and durations).")
    else:
        _logger.warning("The standard T&A template was changed: its offsets and durations are kept, and now count "
                        "in working days. Check them in Merchandising > Configuration > T&A Templates.")
    # The morning digest lists the orders that turned worse first: its
    # template (noupdate) is reset from the file unless someone edited it.
    digest = env.ref('merchandising.mail_template_chase_digest', raise_if_not_found=False)
    if digest and digest.write_uid.id == SUPERUSER_ID:
        digest.reset_template()
    elif digest:
        _logger.warning("The daily chase list e-mail template was edited: it is kept, without 3.0's list of the "
                        "orders that turned worse. Reset it (Technical > Email Templates) to have it.")
    # The plans made in 2.0: each milestone as long as its template line.
    cr.execute("""
        UPDATE merchandising_milestone milestone SET duration_days = line.duration_days
          FROM merchandising_milestone_template_line line
         WHERE line.id = milestone.template_line_id AND milestone.duration_days IS DISTINCT FROM line.duration_days""")
    Milestone = env['merchandising.milestone']
    Milestone.invalidate_model(['duration_days'])
    planned = Milestone.search([('template_line_id', '!=', False)])
    planned._link_as_planned()
    Milestone._refresh_forecasts(planned.order_id)
    _logger.info("T&A network: %d plans linked as their templates and forecast again.", len(planned.order_id))
