"""Recording a milestone on the order's T&A tab: entering its actual date
marks it done (the onchange the form runs), so the forecasts count it."""
from freezegun import freeze_time

from merchandising_case import MerchandisingCase


@freeze_time('2026-11-26 08:00:00')
class TestRecordingActualDates(MerchandisingCase):

    def test_an_actual_date_marks_an_open_milestone_done(self):
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.action_confirm()
        milestone = order.merch_milestone_ids.sorted('sequence')[0]
        for state in ('pending', 'late'):
            row = self.env['merchandising.milestone'].sudo(self.merchandiser).new(
                {'order_id': order.id, 'state': state, 'planned_date': milestone.planned_date})
            row.actual_date = '2026-11-20'
            row._onchange_actual_date()
            self.assertEqual(row.state, 'done')

    def test_a_skipped_or_cleared_milestone_keeps_its_state(self):
        Milestone = self.env['merchandising.milestone'].sudo(self.merchandiser)
        skipped = Milestone.new({'state': 'skipped', 'actual_date': '2026-11-20'})
        skipped._onchange_actual_date()
        self.assertEqual(skipped.state, 'skipped')
        cleared = Milestone.new({'state': 'late', 'actual_date': False})
        cleared._onchange_actual_date()
        self.assertEqual(cleared.state, 'late')
