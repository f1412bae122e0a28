"""Recording a milestone on the order's T&A tab: entering its actual date
marks it done, so the forecasts count it."""
from datetime import date

from freezegun import freeze_time

from odoo.tests import Form

from tna_case import TnaCase


@freeze_time('2026-11-26 08:00:00')
class TestRecordingActualDates(TnaCase):

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        self.order.action_confirm()
        self.plan = self._plan(self.order)

    def test_an_actual_date_entered_on_the_tab_marks_an_open_milestone_done(self):
        self.plan[1]._move_to('late')
        with Form(self.order.with_user(self.merchandiser)) as form:
            for index in (0, 1):
                with form.merch_milestone_ids.edit(index) as line:
                    line.actual_date = date(2026, 11, 20)
                    # The row says it at once.
                    self.assertEqual(line.state, 'done')
        self.assertEqual(self.plan[:2].mapped('state'), ['done', 'done'])
        self.assertEqual(self.plan[:2].mapped('forecast_date'), [date(2026, 11, 20)] * 2)

    def test_a_milestone_created_with_its_actual_date_is_done(self):
        milestone = self.env['merchandising.milestone'].with_user(self.merchandiser).create({
            'order_id': self.order.id, 'name': 'Lab dips approved', 'planned_date': '2026-11-18',
            'actual_date': '2026-11-20'})
        self.assertEqual(milestone.state, 'done')

    def test_a_skipped_or_cleared_milestone_keeps_its_state(self):
        skipped, late = self.plan[0].with_user(self.merchandiser), self.plan[1].with_user(self.merchandiser)
        skipped.action_skip()
        skipped.actual_date = '2026-11-20'
        self.assertEqual(skipped.state, 'skipped')
        late._move_to('late')
        late.actual_date = False
        self.assertEqual(late.state, 'late')
