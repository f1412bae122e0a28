"""The T&A as a network on working days: what a milestone waits for, the
forecast running through the links, the critical path, and the links the
plan refuses. Dates counted by hand in the company's week (Monday to
Friday, closed for the Spring Festival, 6-13 February 2027)."""
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError

from merchandising_case import every_day_calendar
from tna_case import TnaCase


class TestTheStandardNetwork(TnaCase):
    """The standard template from ex-factory Monday 1 March 2027: materials
    ordered 24 December, in-house 13 January (14 working days later),
    production start 22 January (6 + 1 after), ..., on board 3 March; the PP
    sample approved 18 January, 3 working days before production needs it."""

    def setUp(self):
        super().setUp()
        with freeze_time('2026-11-26'):
            self.order = self._order(ex_factory_date='2027-03-01')
            self.order.action_confirm()
        self.plan = {milestone.name: milestone for milestone in self._plan(self.order)}

    def test_the_plan_is_a_network_with_its_critical_path(self):
        start = self.plan['Production start']
        self.assertEqual(start.dependency_ids.predecessor_id.mapped('name'),
                         ['Materials in-house', 'PP sample approved'])
        self.assertEqual(start.dependency_ids.mapped('display_name'), ['Materials in-house +6 d', 'PP sample approved'])
        with freeze_time('2026-11-26'):
            self.env.invalidate_all()
            critical = [name for name, milestone in self.plan.items() if milestone.is_critical]
            self.assertEqual(critical, [name for name in self.plan if name != 'PP sample approved'])
            self.assertEqual(self.plan['PP sample approved'].slack_days, 3)
            self.assertEqual(self.plan['Materials ordered'].successor_ids, self.plan['Materials in-house'])

    def test_an_early_sample_does_not_hide_late_materials(self):
        # The PP sample approved 35 days early; then the mill promises the
        # materials order 50 days late (12 February). Production cannot start
        # without its fabric: in-house 4 March, production start 15 March,
        # ..., on board 15 April, 43 days after the plan.
        with freeze_time('2026-12-20'):
            self.plan['PP sample approved'].actual_date = '2026-12-14'
            self._promise(self.plan['Materials ordered'], '2027-02-12')
            self.assertEqual(self.plan['Materials in-house'].forecast_date, date(2027, 3, 4))
            self.assertEqual(self.plan['Production start'].forecast_date, date(2027, 3, 15))
            self.assertEqual(self.order.forecast_ship_date, date(2027, 4, 15))
            self.assertEqual((self.order.delay_days, self.order.merch_health), (43, 'late'))
            self.assertTrue(self.plan['Materials ordered'].is_critical)
            self.assertFalse(self.plan['PP sample approved'].is_critical)
            self.assertEqual(self.plan['PP sample approved'].slack_days, 59)

    def test_a_done_milestone_on_the_critical_path_passes_its_delay_on(self):
        with freeze_time('2027-01-20'):
            # In-house 5 working days late: production start and all after it move 5.
            self.plan['Materials ordered'].actual_date = '2026-12-24'
            self.plan['Materials in-house'].actual_date = '2027-01-20'
            self.assertTrue(self.plan['Materials in-house'].is_critical)
            self.assertEqual(self.plan['Production start'].forecast_date, date(2027, 1, 29))
            self.assertEqual(self.order.forecast_ship_date, date(2027, 3, 10))

    def test_a_promise_earlier_than_its_predecessors_allow_gives_way(self):
        with freeze_time('2026-12-20'):
            self._promise(self.plan['Materials ordered'], '2027-02-12')
            # The factory promises to start production on the planned day: it cannot, without fabric.
            self._promise(self.plan['Production start'], '2027-01-22')
            self.assertEqual(self.plan['Production start'].forecast_date, date(2027, 3, 15))
            # A later promise than the network's stands.
            self._promise(self.plan['Production start'], '2027-03-19')
            self.assertEqual(self.plan['Production start'].forecast_date, date(2027, 3, 19))


class TestWorkingDays(TnaCase):

    def _cut_then_sew(self):
        """An order leaving on 22 February 2027, planned on 26 November: cut
        on Friday 5 February, sewing (no duration) 2 working days after."""
        template = self._template([('Cutting', -6, False), ('Sewing start', -5, False)],
                                  partner_ids=[Command.link(self.customer.id)])
        cutting, sewing = template.line_ids
        sewing.duration_days = 0
        self.env['merchandising.milestone.template.dependency'].create({
            'line_id': sewing.id, 'predecessor_id': cutting.id, 'lag_days': 2})
        order = self._order(ex_factory_date='2027-02-22')
        order.action_confirm()
        return self._plan(order)

    def test_holidays_inside_a_lag_are_not_counted(self):
        # Sewing starts 2 working days after cutting: not in the Spring
        # Festival (8-12 February) nor the weekends, on Tuesday 16.
        with freeze_time('2026-11-26'):
            cut, sew = self._cut_then_sew()
            self.assertEqual((cut.planned_date, sew.planned_date), (date(2027, 2, 5), date(2027, 2, 15)))
            self.assertEqual(sew.forecast_date, date(2027, 2, 16))
            self.assertEqual(sew.delay_days, 1)

    def test_a_factory_counts_in_its_own_calendar(self):
        factory = self.env['res.partner'].create({
            'name': 'Always Open Factory', 'merch_resource_calendar_id': every_day_calendar(self.env, 'Seven days').id})
        with freeze_time('2026-11-26'):
            dummy, sew = self._cut_then_sew()
            sew.partner_id = factory
            self.assertEqual(sew.forecast_date, date(2027, 2, 15))   # 7 February counts there: planned date stands


@freeze_time('2026-11-26')
class TestBadLinks(TnaCase):

    def setUp(self):
        super().setUp()
        self.order = self._order(ex_factory_date='2027-03-01')
        self.order.action_confirm()
        self.plan = {milestone.name: milestone for milestone in self._plan(self.order)}
        self.Dependency = self.env['merchandising.milestone.dependency']

    def test_a_circle_is_refused_and_named(self):
        with self.assertRaisesRegex(ValidationError, 'in a circle: Production start → Inline inspection → '
                                                     'Production start'):
            self.Dependency.create({'milestone_id': self.plan['Production start'].id,
                                    'predecessor_id': self.plan['Inline inspection'].id})
        line = self.default_template.line_ids
        with self.assertRaisesRegex(ValidationError, 'Standard export order: the milestones wait for each other'):
            self.env['merchandising.milestone.template.dependency'].create({
                'line_id': line[0].id, 'predecessor_id': line[-1].id})

    def test_a_predecessor_on_another_order_is_refused(self):
        other = self._order(ex_factory_date='2027-03-01')
        other.action_confirm()
        with self.assertRaisesRegex(ValidationError, 'Packing of %s: its predecessor Ex-factory belongs to another '
                                                     'order \\(%s\\)' % (self.order.name, other.name)):
            self.Dependency.create({'milestone_id': self.plan['Packing'].id,
                                    'predecessor_id': other.merch_milestone_ids.filtered(
                                        lambda m: m.name == 'Ex-factory').id})

    def test_a_negative_duration_is_refused(self):
        with self.assertRaisesRegex(ValidationError, 'Packing of .*: the Duration is -2 working days'):
            self.plan['Packing'].duration_days = -2
        with self.assertRaisesRegex(ValidationError, 'Standard export order, milestone Packing: the Duration'):
            self.default_template.line_ids.filtered(lambda line: line.name == 'Packing').duration_days = -1

    def test_a_lag_that_ends_before_the_order_date_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.plan['Materials in-house'].dependency_ids.lag_days = -40
        self.assertRegex(str(error.exception), 'Materials in-house of .*: a Lag of -40 working days after '
                                               'Materials ordered has it finish on .*before the order date')
        self.assertEqual(self.plan['Materials in-house'].dependency_ids.lag_days, 0)
