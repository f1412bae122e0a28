"""The early warning: the moment an order's forecast passes the promised
delivery date or its health worsens, its merchandiser has a to-do and the
order's chatter a note naming the milestone and the reason; the manager
lists the orders that worsened today, and the morning digest puts them
first. Dates counted by hand in the company's week (Monday to Friday)."""
from datetime import date

from freezegun import freeze_time

from tna_case import TnaCase


class WarningCase(TnaCase):
    """The standard network from ex-factory Monday 1 March 2027, promised
    to the customer on Thursday 4 March: materials ordered 24 December, ...,
    on board Wednesday 3 March, a day before the promise. Chen Jing follows
    it."""

    def setUp(self):
        super().setUp()
        with freeze_time('2026-11-26'):
            self.order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01',
                                     commitment_date='2027-03-04 08:00:00')
            self.order.action_confirm()
            self._flush_tracking()
        self.plan = {milestone.name: milestone for milestone in self._plan(self.order)}
        self.warning_type = self.env.ref('merchandising.mail_activity_type_delay_warning')

    def _promise_as_merchandiser(self, name, revised_date, reason=None):
        """Chen Jing enters the factory's new date, and saves (the request ends)."""
        milestone = self.plan[name].with_user(self.merchandiser)
        self._promise(milestone, revised_date, reason)
        self._flush_tracking()

    def _warnings(self):
        return self.order.message_ids.filtered(lambda message: 'Delay warning' in (message.body or '')) \
            .sorted('id').mapped('body')

    def _todos(self):
        return self.env['mail.activity'].search([('res_model', '=', 'sale.order'), ('res_id', '=', self.order.id),
                                                 ('activity_type_id', '=', self.warning_type.id)])


class TestEarlyWarning(WarningCase):

    def test_late_materials_warn_the_merchandiser_at_once_naming_the_milestone_and_reason(self):
        # The case: the PP sample approved 35 days early, then the
        # mill promises the materials order 50 days late.
        with freeze_time('2026-12-20'):
            self.plan['PP sample approved'].with_user(self.merchandiser).actual_date = '2026-12-14'
            self._flush_tracking()
            self.assertEqual(self.order.merch_health, 'on_track')
            self.assertFalse(self._warnings(), "an early sample makes nothing worse")
            self._promise_as_merchandiser('Materials ordered', '2027-02-12')
            self.assertEqual((self.order.merch_health, self.order.forecast_ship_date), ('late', date(2027, 4, 15)))
            [warning] = self._warnings()
            self.assertIn('Delay warning: On Track → Forecast Late. The ship date is forecast for 04/15/2027, '
                          '43 days behind the plan. The customer was promised 03/04/2027. Cause: Materials '
                          'ordered, Material late (50 days).', warning)
            todo = self._todos()
            self.assertEqual((todo.user_id, todo.date_deadline, todo.summary),
                             (self.merchandiser, date(2026, 12, 20), 'Delay warning'))
            self.assertIn('Materials ordered, Material late', todo.note)
            self.assertEqual(self.order.merch_health_worsened_date, date(2026, 12, 20))
            self.assertGreaterEqual((self.order.ex_factory_date - self.order.merch_health_worsened_date).days, 14)

    def test_each_worsening_warns_once_and_an_improvement_does_not(self):
        with freeze_time('2026-12-20'):
            # 2 working days late (Thursday 24 to Monday 28 December): on board
            # Friday 5 March, 2 days behind, within the 3 days at risk, and
            # after the promised 4 March.
            self._promise_as_merchandiser('Materials ordered', '2026-12-28')
            self.assertEqual((self.order.merch_health, self.order.delay_days), ('at_risk', 2))
            self._promise_as_merchandiser('Materials ordered', '2027-02-12', self.customer_change)
            self.assertEqual(self.order.merch_health, 'late')
            first, second = self._warnings()
            self.assertIn('On Track → At Risk', first)
            self.assertIn('At Risk → Forecast Late', second)
            self.assertIn('Cause: Materials ordered, Customer change (46 days)', second)
            self.assertEqual(len(self._todos()), 1, "a second warning updates the open to-do")
            self.assertIn('Customer change', self._todos().note)
            # The mill keeps its first date after all: better, no warning.
            self._promise_as_merchandiser('Materials ordered', '2026-12-24')
            self.assertEqual(self.order.merch_health, 'on_track')
            self.assertEqual(len(self._warnings()), 2)

    def test_passing_the_promised_date_warns_even_when_the_health_stays(self):
        with freeze_time('2026-12-20'):
            # 1 working day late: on board 4 March, the promised day: at risk.
            self._promise_as_merchandiser('Materials ordered', '2026-12-25')
            self.assertEqual((self.order.merch_health, self.order.forecast_ship_date),
                             ('at_risk', date(2027, 3, 4)))
            self.assertEqual(len(self._warnings()), 1)
            self.assertNotIn('The customer was promised', self._warnings()[0])
            # One more: 5 March, after the promise, still at risk.
            self._promise_as_merchandiser('Materials ordered', '2026-12-28')
            self.assertEqual((self.order.merch_health, self.order.forecast_ship_date),
                             ('at_risk', date(2027, 3, 5)))
            second = self._warnings()[1]
            self.assertIn('Delay warning: the forecast ship date passed the delivery date promised to the '
                          'customer (At Risk).', second)
            self.assertIn('The customer was promised 03/04/2027', second)

    def test_the_manager_lists_the_orders_that_worsened_today(self):
        with freeze_time('2026-12-20'):
            self._promise_as_merchandiser('Materials ordered', '2027-02-12')
            action = self.env.ref('merchandising.action_merchandising_worsened_today')
            self.assertEqual(action.context, "{'search_default_merch_worsened_today': 1}")
            Order = self.env['sale.order'].with_user(self.manager)
            today = [('merch_health_worsened_date', '=', '2026-12-20')]
            self.assertIn(self.order, Order.search(today))
        with freeze_time('2026-12-21'):
            self.assertNotIn(self.order, Order.search([('merch_health_worsened_date', '=', '2026-12-21')]))


class TestWarningInTheMorning(WarningCase):

    def setUp(self):
        super().setUp()
        # The chase job runs over the whole database: this test's plan alone.
        (self.env['merchandising.milestone'].search([]) - self.order.merch_milestone_ids).unlink()

    def test_an_overdue_milestone_warns_in_the_chase_job_and_the_digest_lists_the_order_first(self):
        # Nothing recorded: on Tuesday 5 January the materials order, due
        # 24 December, is 12 days overdue; the forecast follows today.
        with freeze_time('2027-01-05 06:00:00'):
            self.env['merchandising.milestone']._cron_chase_list()
            self.assertEqual(self.order.merch_health, 'late')
            [warning] = self._warnings()
            self.assertIn('Cause: Materials ordered, 12 days past its deadline, no reason recorded yet.', warning)
            self.assertEqual(self._todos().user_id, self.merchandiser)
            [digest] = self.env['mail.mail'].search([('model', '=', 'res.users'),
                                                     ('res_id', '=', self.merchandiser.id)])
            body = digest.body_html
            self.assertIn('Orders that turned worse', body)
            first, milestones = body.index('Orders that turned worse'), body.index('milestones</h3>')
            self.assertTrue(first < body.index(self.order.name) < milestones)
            self.assertIn('Forecast Late', body)
        with freeze_time('2027-01-07 06:00:00'):
            # Two days on: later still, no longer news: not listed again.
            self.env['mail.mail'].search([('model', '=', 'res.users')]).unlink()
            self.env['merchandising.milestone']._cron_chase_list()
            [digest] = self.env['mail.mail'].search([('model', '=', 'res.users'),
                                                     ('res_id', '=', self.merchandiser.id)])
            self.assertNotIn('Orders that turned worse', digest.body_html)
            self.assertEqual(len(self._warnings()), 1)
