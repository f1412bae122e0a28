"""Production chasing: the Time & Action plan of an order, planned back from
the ex-factory date, how delays move the ship date, re-planning, and the
chase job's work on the plan."""
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from customs_case import CustomsCase
from merchandising_case import sample_at
from tna_case import TnaCase

TODAY = '2026-11-26 08:00:00'


@freeze_time(TODAY)
class TestPlanning(TnaCase):

    def test_confirming_plans_back_from_the_ex_factory_date(self):
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.action_confirm()
        plan = self._plan(order)
        self.assertEqual(order.merch_template_id, self.default_template)
        self.assertEqual(plan.mapped('name'), self.default_template.line_ids.mapped('name'))
        dates = dict(zip(plan.mapped('name'), plan.mapped('planned_date')))
        # 42 working days before: weekends and the Spring Festival are not counted.
        self.assertEqual(dates['Materials ordered'], date(2026, 12, 24))
        self.assertEqual(dates['Production finish'], date(2027, 2, 22))   # 5 working days before
        self.assertEqual(dates['Ex-factory'], date(2027, 3, 1))
        self.assertEqual(dates['On board'], date(2027, 3, 3))             # 2 working days after
        self.assertEqual(set(plan.mapped('user_id')), {self.merchandiser})
        self.assertEqual(order.forecast_ship_date, date(2027, 3, 3))
        self.assertEqual(order.merch_health, 'on_track')

    def test_a_salesperson_confirming_gets_the_plan_made_in_their_name(self):
        # The plan is made for whoever confirms (the salesperson may not
        # create milestones themselves): in one create, in their name.
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.with_user(self.salesperson).action_confirm()
        plan = self._plan(order)
        self.assertEqual(len(plan), len(self.default_template.line_ids))
        self.assertEqual(plan.mapped('template_line_id'), self.default_template.line_ids)
        self.assertEqual(len(plan.dependency_ids), len(self.default_template.line_ids.dependency_ids))
        self.assertEqual(order.forecast_ship_date, date(2027, 3, 3))
        self.assertEqual(order.merch_health, 'on_track')
        self.assertEqual(set(plan.mapped('create_uid')), {self.salesperson})
        self.assertEqual(len(order.with_user(self.salesperson).merch_milestone_ids), 10)
        # Who may not create milestones cannot plan through this path either.
        with self.assertRaises(AccessError):
            self.env['merchandising.milestone'].with_user(self.salesperson)._create_plans([dict(
                self.default_template.line_ids[0]._milestone_values(order), planned_date='2027-01-01')])

    def test_planning_from_the_confirmation(self):
        template = self._template([('Lab dips sent', 5, True, 'confirmation'), ('Ex-factory', 0, True)],
                                  partner_ids=[Command.link(self.customer.id)])
        # Quoted ten days ago, confirmed today (a Thursday): five working days from today.
        order = self._order(ex_factory_date='2027-02-01', date_order='2026-11-16 08:00:00')
        order.action_confirm()
        self.assertEqual(order.merch_template_id, template)
        self.assertEqual(self._plan(order).mapped('planned_date'), [date(2026, 12, 3), date(2027, 2, 1)])

    def test_confirming_plans_from_the_date_given_and_keeps_the_stage(self):
        # An order that reached Production before it was confirmed (an
        # import, its PP sample approved): the plan counts back from its
        # ex-factory date, the order stays in its stage.
        order = self._order(ex_factory_date='2027-03-01')
        self._approve_samples(order, 'pp')
        order.merch_stage_id = self.stage['production']
        order.action_confirm()
        self.assertEqual(order.ex_factory_date, date(2027, 3, 1))
        ex_factory = self._plan(order).filtered(lambda m: m.name == 'Ex-factory')
        self.assertEqual(ex_factory.planned_date, date(2027, 3, 1))
        self.assertEqual(order.merch_stage_id, self.stage['production'])

    def test_the_most_specific_template_wins(self):
        category = self.env['product.category'].create({'name': 'Outerwear'})
        self.product.categ_id = category
        by_category = self._template([('Ex-factory', 0, True)], name='Outerwear',
                                     product_category_ids=[Command.link(category.id)])
        Template = self.env['merchandising.milestone.template']
        self.assertEqual(Template._match(self._order()), by_category)
        other = self.env['res.partner'].create({'name': 'Other Buyer', 'customer_rank': 1})
        by_customer = self._template([('Ex-factory', 0, True)], name='Baltic',
                                     partner_ids=[Command.link(self.customer.id)], sequence=50)
        self.assertEqual(Template._match(self._order()), by_customer)
        self.assertEqual(Template._match(self._order(partner_id=other.id)), by_category)
        # Orders matched and confirmed together: each gets its own template.
        baltic, other_buyer = self._order(), self._order(partner_id=other.id)
        self.env.invalidate_all()
        self.assertEqual(Template._match_orders(baltic | other_buyer),
                         {baltic: by_customer, other_buyer: by_category})
        (baltic | other_buyer).action_confirm()
        self.assertEqual((baltic.merch_template_id, other_buyer.merch_template_id), (by_customer, by_category))
        self.product.categ_id = self.env.ref('product.product_category_all')
        self.assertEqual(Template._match(self._order(partner_id=other.id)), self.default_template)
        # The templates are read once and cached: a change applies at once.
        by_customer.partner_ids = [Command.link(other.id)]
        self.assertEqual(Template._match(self._order(partner_id=other.id)), by_customer)
        by_customer.action_archive()
        self.assertEqual(Template._match(self._order(partner_id=other.id)), self.default_template)

    def test_ex_factory_defaults_from_the_delivery_date_less_transit(self):
        self.company.merch_transit_days = 30
        form = Form(self.env['sale.order'])
        form.partner_id = self.customer
        form.commitment_date = datetime(2027, 4, 30, 10, 0)
        self.assertEqual(form.ex_factory_date, date(2027, 3, 31))
        # Once there, the merchandiser's date stays when the delivery date moves.
        form.ex_factory_date = date(2027, 3, 20)
        form.commitment_date = datetime(2027, 5, 10, 10, 0)
        self.assertEqual(form.ex_factory_date, date(2027, 3, 20))
        self.assertEqual(self._order(commitment_date='2027-04-30 10:00:00').ex_factory_date, date(2027, 3, 31))
        # Without a delivery date, the plan counts from the date sale expects
        # to ship (the lines' lead time: none here, so today).
        order = self._order()
        self.assertFalse(order.ex_factory_date)
        order.action_confirm()
        self.assertEqual(order.ex_factory_date, date(2026, 11, 26))
        self.assertEqual(self._plan(order).filtered(lambda m: m.name == 'Ex-factory').planned_date,
                         date(2026, 11, 26))

    def test_the_planned_dates_are_frozen_outside_re_planning(self):
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.action_confirm()
        in_house = self._plan(order).filtered(lambda m: m.name == 'Materials in-house')
        with self.assertRaisesRegex(UserError, 'Materials in-house of .*: Planned cannot be set directly: .*Revised date.*re-plan'):
            in_house.with_user(self.merchandiser).write({'planned_date': '2027-02-15'})
        in_house.with_user(self.merchandiser).write({'planned_date': in_house.planned_date,
                                                     'revised_date': '2027-02-15',
                                                     'revision_reason_id': self.reason.id})
        self.assertEqual((in_house.planned_date, in_house.due_date), (date(2027, 1, 13), date(2027, 2, 15)))
        # A milestone added by hand gets the planned date it is given.
        extra = self.env['merchandising.milestone'].with_user(self.merchandiser).create({
            'order_id': order.id, 'name': 'Lab dips approved', 'planned_date': '2026-12-10'})
        self.assertEqual(extra.due_date, date(2026, 12, 10))

    def test_applying_a_plan_twice_is_re_planning(self):
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.with_user(self.merchandiser).action_merch_apply_plan()
        self.assertEqual(len(order.merch_milestone_ids), 10)
        with self.assertRaisesRegex(UserError, 'already has its T&A plan.*re-plan'):
            order.with_user(self.merchandiser).action_merch_apply_plan()
        # Confirming an order already planned keeps its plan.
        order.action_confirm()
        self.assertEqual(len(order.merch_milestone_ids), 10)


@freeze_time(TODAY)
class TestReplanning(TnaCase):

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        self.order.action_confirm()
        self.plan = self._plan(self.order)
        self.materials = self.plan.filtered(lambda m: m.name == 'Materials ordered')
        self.in_house = self.plan.filtered(lambda m: m.name == 'Materials in-house')

    def test_replanning_keeps_done_milestones_and_promised_dates(self):
        self.materials.write({'actual_date': '2026-11-20'})
        self.materials.message_post(body='PO 4711 placed with Wuxi Textiles')
        self._promise(self.in_house, '2027-01-25')
        order = self.order.with_user(self.merchandiser)
        order.ex_factory_date = '2027-03-11'
        order.action_replan(self.customer_change, note='The customer moved the delivery by ten days.')
        self.assertEqual(self._plan(self.order), self.plan)
        self.assertEqual((self.materials.state, self.materials.actual_date, self.materials.planned_date),
                         ('done', date(2026, 11, 20), date(2026, 12, 24)))
        self.assertIn('PO 4711', self.materials.message_ids[0].body)
        self.assertEqual(self.in_house.planned_date, date(2027, 1, 25))
        self.assertEqual(self.in_house.revised_date, date(2027, 1, 25))
        order.action_replan(self.reason, keep_revised=False, note='The factory starts over from the new plan.')
        self.assertFalse(self.in_house.revised_date)
        self.assertEqual(self.materials.actual_date, date(2026, 11, 20))

    def test_who_re_plans_when_and_why_is_in_the_chatter(self):
        self._flush_tracking()
        before = self.order.message_ids
        self.order.with_user(self.merchandiser).action_replan(
            self.customer_change, note='The customer moved the delivery by ten days.')
        self._flush_tracking()
        message = (self.order.message_ids - before).filtered(lambda m: 'T&amp;A re-planned' in m.body)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.merchandiser.partner_id)
        self.assertEqual(message.date, datetime(2026, 11, 26, 8, 0))
        self.assertIn('The customer moved the delivery by ten days.', message.body)
        self.assertIn('promised dates kept', message.body)

    def test_only_the_merchandiser_or_a_manager_re_plans_and_says_why(self):
        # Another merchandiser following the order, and its salesperson, may
        # edit it but not move its plan.
        self.order.message_subscribe(partner_ids=self.other_merchandiser.partner_id.ids)
        for user in (self.other_merchandiser, self.salesperson):
            with self.assertRaisesRegex(AccessError, 'only its merchandiser'):
                self.order.with_user(user).action_replan(self.reason)
        with self.assertRaisesRegex(UserError, 'Say why'):
            self.order.with_user(self.merchandiser).action_replan(False, note='Because.')
        self.assertTrue(self.order.with_user(self.manager).action_replan(self.customer_change))

    def test_the_re_plan_dialog_asks_for_the_reason(self):
        self._promise(self.in_house, '2027-01-25')
        self.order.ex_factory_date = '2027-03-11'
        action = self.env.ref('merchandising.action_merchandising_tna_replan')
        form = Form(self.env[action.res_model].with_user(self.merchandiser).with_context(
            default_order_id=self.order.id))
        self.assertEqual(form.ex_factory_date, date(2027, 3, 11))
        form.reason_id = self.customer_change
        form.note = 'The customer moved the delivery by ten days.'
        form.clear_revised = True
        form.save().action_replan()
        self.assertEqual(self.in_house.planned_date, date(2027, 1, 25))
        self.assertFalse(self.in_house.revised_date)

    def test_a_late_milestone_planned_later_is_pending_again(self):
        self.materials._move_to('late')
        self.order.ex_factory_date = '2027-03-11'
        self.order.action_replan(self.customer_change)
        self.assertEqual(self.materials.state, 'pending')


@freeze_time(TODAY)
class TestBadInput(TnaCase):

    def test_a_plan_needs_the_ex_factory_date_and_is_all_or_nothing(self):
        self._template([('Lab dips sent', 5, True, 'confirmation'), ('Ex-factory', 0, True)],
                       partner_ids=[Command.link(self.customer.id)])
        order = self._order(order_line=[])   # no lines: no date to expect either
        with self.assertRaises(UserError) as error:
            order.action_merch_apply_plan()
        self.assertIn('Ex-factory Date', str(error.exception))
        self.assertIn(order.name, str(error.exception))
        self.assertFalse(order.merch_milestone_ids)

    def test_confirming_without_a_possible_plan_still_confirms(self):
        self._template([('Ex-factory', 0, True)], partner_ids=[Command.link(self.customer.id)])
        order = self._order(order_line=[])
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertFalse(order.merch_milestone_ids)
        self.assertTrue(order.message_ids.filtered(lambda message: 'No T&amp;A plan yet' in message.body))

    def test_a_revised_date_before_the_order_date_is_refused(self):
        order = self._order(ex_factory_date='2027-03-01', date_order='2026-11-20 08:00:00')
        order.action_confirm()
        milestone = self._plan(order)[0]
        with self.assertRaises(ValidationError) as error:
            self._promise(milestone, '2026-11-19')
        self.assertIn('revised date', str(error.exception))

    def test_an_actual_date_in_the_future_is_refused(self):
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        with self.assertRaises(ValidationError) as error:
            self._plan(order)[0].write({'actual_date': '2026-11-27'})
        self.assertIn('actual date', str(error.exception))

    def test_a_state_change_outside_the_table_is_refused(self):
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        milestone = self._plan(order)[0]
        milestone.action_done()
        with self.assertRaisesRegex(UserError, 'Materials ordered of .*: State is Done, it cannot become Skipped. Next possible steps: Pending'):
            milestone.action_skip()
        with self.assertRaisesRegex(UserError, 'Materials ordered of .*: State cannot be set directly: .*Done, Skip or Reopen'):
            milestone.write({'state': 'late'})
        milestone.action_reopen()
        self.assertEqual((milestone.state, milestone.actual_date), ('pending', False))

    def test_a_template_milestone_for_a_given_user_names_the_user(self):
        with self.assertRaisesRegex(ValidationError, 'Packing.*Responsible User'):
            self.env['merchandising.milestone.template'].create({
                'name': 'Knitwear', 'line_ids': [Command.create({'name': 'Packing', 'responsible_role': 'user'})]})

    def test_negative_company_days_are_refused(self):
        with self.assertRaisesRegex(ValidationError, 'Due-soon Window'):
            self.company.merch_due_soon_days = -1
        with self.assertRaisesRegex(ValidationError, 'Transit Buffer'):
            self.company.merch_transit_days = -2


class TestDelayPropagation(TnaCase):

    def setUp(self):
        super().setUp()
        self._template([('Fabric ordered', -40, True), ('Fabric in-house', -30, True),
                        ('Trims in-house', -25, False), ('Production', -15, True), ('Ex-factory', 0, True)],
                       partner_ids=[Command.link(self.customer.id)])
        with freeze_time('2026-10-01'):
            self.order = self._order(ex_factory_date='2026-12-31')
            self.order.action_confirm()
        self.fabric, self.in_house, self.trims, self.production, self.ex_factory = self._plan(self.order)

    def _forecasts(self):
        # A new day: what depends on today is read again.
        self.env.invalidate_all()
        return self._plan(self.order).mapped('forecast_date')

    # The chain (tna_case._template): fabric ordered 5 November, in-house 10
    # working days later (19 November), production 15 after that (10
    # December), ex-factory 15 after that (31 December); the trims (26
    # November) wait for nothing and nothing waits for them.

    def test_a_chain_of_five(self):
        with freeze_time('2026-11-01'):
            self.assertEqual(self._forecasts(), [date(2026, 11, 5), date(2026, 11, 19), date(2026, 11, 26),
                                                 date(2026, 12, 10), date(2026, 12, 31)])
            self.assertEqual(self.order.delay_days, 0)
            self.assertEqual([m.is_critical for m in self._plan(self.order)], [True, True, False, True, True])
        with freeze_time('2026-11-10'):
            # Fabric ordered 2 working days late: what waits for it moves 2 working days.
            self.fabric.write({'actual_date': '2026-11-09'})
            self.assertEqual(self._forecasts(), [date(2026, 11, 9), date(2026, 11, 23), date(2026, 11, 26),
                                                 date(2026, 12, 14), date(2027, 1, 4)])
            self.assertEqual(self.order.delay_days, 4)
        with freeze_time('2026-12-01'):
            # Fabric in on its new date; the trims are late, and push nothing.
            self.in_house.write({'actual_date': '2026-11-23'})
            self.assertEqual(self._forecasts()[2:], [date(2026, 12, 1), date(2026, 12, 14), date(2027, 1, 4)])
            self.assertEqual(self.trims.delay_days, 5)
            # The factory now promises production for 18 December: a promise later
            # than the plan allows stands, and the ship date follows it.
            self._promise(self.production, '2026-12-18')
            self.assertEqual(self._forecasts()[3:], [date(2026, 12, 18), date(2027, 1, 8)])
            self.assertEqual((self.order.forecast_ship_date, self.order.delay_days), (date(2027, 1, 8), 8))
        with freeze_time('2026-12-10'):
            # ... and finishes on the planned date after all: back on track.
            self.production.write({'actual_date': '2026-12-10'})
            self.assertEqual(self._forecasts()[3:], [date(2026, 12, 10), date(2026, 12, 31)])
            self.assertEqual((self.order.delay_days, self.order.merch_health), (0, 'on_track'))

    def test_the_forecast_follows_each_change_at_once(self):
        # No invalidation: a change of one milestone moves the forecast of
        # the rest of its plan and the order's in the same transaction.
        with freeze_time('2026-11-10'):
            # Fabric ordered, due 5 November, still open: it happens today at the earliest.
            self.assertEqual(self.ex_factory.forecast_date, date(2027, 1, 5))
            self.fabric.write({'actual_date': '2026-11-09'})
            self.assertEqual(self.ex_factory.forecast_date, date(2027, 1, 4))
            self.assertEqual(self.order.forecast_ship_date, date(2027, 1, 4))

    def test_health_thresholds(self):
        self.company.merch_at_risk_days = 3
        for actual, health in (('2026-11-05', 'on_track'), ('2026-11-06', 'at_risk'), ('2026-11-09', 'late')):
            with freeze_time('2026-11-10'):
                self.fabric.write({'actual_date': actual})
                self.assertEqual(self.order.merch_health, health, actual)
        # A new margin judges the orders again (4 days late).
        with freeze_time('2026-11-10'):
            self.company.merch_at_risk_days = 4
            self.assertEqual(self.order.merch_health, 'at_risk')

    def test_a_skipped_milestone_is_out_of_the_forecast(self):
        with freeze_time('2026-11-26'):
            self.ex_factory.action_skip()
            self.assertFalse(self.ex_factory.forecast_date)
            self.assertEqual(self.order.forecast_ship_date, self.production.forecast_date)

    def test_the_forecast_costs_the_same_queries_for_5_or_100_milestones(self):
        def queries(orders):
            # As the T&A list reads them: found, then read, nothing cached.
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            milestones = self.env['merchandising.milestone'].search([('order_id', 'in', orders.ids)])
            milestones.read(['forecast_date', 'delay_days'])
            orders._compute_merch_forecast()
            return self.env.cr.sql_log_count - before
        few = many = self.order
        for _index in range(19):
            with freeze_time('2026-10-01'):
                order = self._order(ex_factory_date='2026-12-31')
                order.action_confirm()
            many |= order
        self.assertEqual(len(few.merch_milestone_ids), 5)
        self.assertEqual(len(many.merch_milestone_ids), 100)
        with freeze_time('2026-11-26'):
            self.assertEqual(queries(few), queries(many))


class TestChaseJobOnThePlan(TnaCase):

    def setUp(self):
        super().setUp()
        self._template([('Fabric ordered', -40, True), ('Fabric in-house', -30, True), ('Ex-factory', 0, True)],
                       partner_ids=[Command.link(self.customer.id)])
        with freeze_time('2026-10-01'):
            self.order = self._order(ex_factory_date='2026-12-31')
            self.order.action_confirm()
        self.fabric, self.in_house, self.ex_factory = self._plan(self.order)
        self.Milestone = self.env['merchandising.milestone']

    # Fabric ordered due 5 November, in-house 19 November (10 working days
    # later), ex-factory 31 December (30 working days after that).

    def test_overdue_milestones_turn_late_and_the_forecast_follows_the_days(self):
        with freeze_time('2026-11-06'):
            self.Milestone._cron_chase_list()
            self.assertEqual(self.fabric.state, 'late')          # due 5 November
            self.assertEqual(self.in_house.state, 'pending')
            self.assertEqual((self.order.delay_days, self.order.merch_health), (1, 'at_risk'))
        with freeze_time('2026-11-10'):
            self.Milestone._cron_chase_list()
            self.assertEqual((self.order.delay_days, self.order.merch_health), (5, 'late'))
            self.assertEqual(self.order.forecast_ship_date, date(2027, 1, 5))
            # The milestones' forecasts are stored: the job brought them to today.
            self.env.invalidate_all()
            self.assertEqual((self.fabric.forecast_date, self.fabric.delay_days), (date(2026, 11, 10), 5))
            self.assertEqual(self.ex_factory.forecast_date, date(2027, 1, 5))
            # The supplier promises a new date: pending again until it passes.
            self._promise(self.fabric, '2026-11-12')
            self.assertEqual(self.fabric.state, 'pending')
            self.fabric.action_done()
            self.assertEqual(self.fabric.state, 'done')

    def test_one_chase_activity_per_overdue_milestone(self):
        self.in_house.user_id = self.merchandiser
        Activity = self.env['mail.activity']
        mine = [('res_model', '=', 'merchandising.milestone'), ('res_id', 'in', self._plan(self.order).ids)]
        with freeze_time('2026-11-06'):
            self.Milestone._cron_chase_list()
            activity = Activity.search(mine)
            self.assertEqual(activity.res_id, self.fabric.id)
            self.assertEqual(activity.date_deadline, date(2026, 11, 5))
            self.assertIn('Fabric ordered', activity.summary)
        with freeze_time('2026-11-20'):
            self.Milestone._cron_chase_list()
            self.Milestone._cron_chase_list()
            # In-house (due 19 November) waits for the fabric, still not in:
            # expected after the window, it is not chased yet.
            self.assertEqual(Activity.search(mine), activity)
            self.assertGreater(self.in_house.forecast_date, date(2026, 11, 27))
            # The fabric came on the 9th: in-house is expected 10 working
            # days later, the 23rd, and chased for that day.
            self.fabric.actual_date = '2026-11-09'
            self.Milestone._cron_chase_list()
            activities = Activity.search(mine)
            self.assertEqual(sorted(activities.mapped('res_id')), sorted((self.fabric | self.in_house).ids))
            todo = activities.filtered(lambda a: a.res_id == self.in_house.id)
            self.assertEqual((todo.user_id, todo.date_deadline), (self.merchandiser, date(2026, 11, 23)))
            self.assertEqual(self.in_house.state, 'pending')

    def test_the_chase_costs_the_same_queries_for_10_or_200_open_milestones(self):
        # Every step of the chase runs each time: one milestone turns overdue,
        # one falls due soon (two to-dos), the merchandiser gets a digest.
        self._promise(self.in_house, '2026-11-09')
        for day in range(7):
            self.Milestone.create({'order_id': self.order.id, 'name': 'Later %d' % day,
                                   'sequence': 100 + day, 'planned_date': '2026-12-%02d' % (10 + day)})

        def queries():
            # As in the cron's own transaction: nothing pending, nothing cached,
            # and as on the morning the milestone turned overdue (what the
            # earlier requests leave for their commit is done: cr.flush()).
            self.fabric._move_to('pending')
            self.env['mail.activity'].search([('res_model', '=', self.Milestone._name),
                                              ('res_id', 'in', (self.fabric | self.in_house).ids)]).unlink()
            self.env.flush_all()
            self.env.cr.flush()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Milestone._cron_chase_list()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before
        open_milestones = [('state', 'in', ('pending', 'late')), ('order_id.partner_id', '=', self.customer.id)]
        with freeze_time('2026-11-06'):
            queries()                       # warm the caches (ormcache, ...)
            few = queries()
            self.assertEqual(self.Milestone.search_count(open_milestones), 10)
        # 190 more, on ten other orders, all still ahead.
        for index in range(10):
            order = self._order(ex_factory_date='2027-03-31')
            self.Milestone.create([{'order_id': order.id, 'name': 'Step %d' % step, 'sequence': step,
                                    'planned_date': '2027-%02d-%02d' % (1 + step % 3, 1 + index + step)}
                                   for step in range(19)])
        with freeze_time('2026-11-06'):
            self.assertEqual(queries(), few)
            self.assertEqual(self.Milestone.search_count(open_milestones), 200)


@freeze_time(TODAY)
class TestCompletion(TnaCase):

    def test_done_today_and_before_what_it_waits_for_is_logged(self):
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        plan = self._plan(order)
        # Production start waits for the materials in-house and the PP sample.
        plan[3].action_done()
        self.assertEqual((plan[3].state, plan[3].actual_date), ('done', date(2026, 11, 26)))
        self.assertIn('Done before Materials in-house, PP sample approved',
                      ' '.join(plan[3].message_ids.mapped('body')))
        plan[0].action_done()
        self.assertNotIn('Done before', ' '.join(plan[0].message_ids.mapped('body')))
        # Twice (two users at once): done once.
        plan[0].action_done()
        self.assertEqual(plan[0].actual_date, date(2026, 11, 26))

    def test_an_approved_pp_sample_completes_its_milestone(self):
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        pp_milestone = self._plan(order).filtered(lambda m: m.name == 'PP sample approved')
        sample = self.env['merchandising.sample'].create({
            'order_id': order.id, 'type_id': self.env.ref('merchandising.sample_type_pp').id})
        for action in ('action_request', 'action_start', 'action_mark_sent', 'action_mark_received'):
            getattr(sample, action)()
        self.assertEqual(pp_milestone.state, 'pending')
        sample.action_approve()
        self.assertEqual((pp_milestone.state, pp_milestone.actual_date), ('done', date(2026, 11, 26)))

    def _received_samples(self, orders, sample_type, **vals):
        samples = self.env['merchandising.sample'].create([
            dict(vals, order_id=order.id, type_id=sample_type.id) for order in orders])
        for action in ('action_request', 'action_start', 'action_mark_sent', 'action_mark_received'):
            getattr(samples, action)()
        return samples

    def test_approving_samples_of_several_orders_completes_the_milestone_of_each(self):
        pp, fit = self.env.ref('merchandising.sample_type_pp'), self.env.ref('merchandising.sample_type_fit')
        self.assertEqual(self.env.ref('merchandising.milestone_template_line_pp_approved').sample_type_id, pp)
        first, second, rejected = orders = self.env['sale.order'].union(
            *(self._order(ex_factory_date='2027-03-01') for _index in range(3)))
        orders.action_confirm()
        self.assertEqual(self._plan(first).filtered('sample_type_id').mapped('name'), ['PP sample approved'])
        pp_samples = self._received_samples(orders, pp)
        fit_sample = self._received_samples(first, fit)
        pp_samples[2].action_reject()
        (pp_samples[:2] | fit_sample).action_approve()
        for order in (first, second):
            done = self._plan(order).filtered(lambda m: m.state == 'done')
            self.assertEqual(done.mapped('name'), ['PP sample approved'])
            self.assertEqual(done.actual_date, date(2026, 11, 26))
        # Rejected: its order's milestone waits for the next round.
        self.assertEqual(set(self._plan(rejected).mapped('state')), {'pending'})

    def test_the_sample_s_merchandiser_completes_a_milestone_they_may_not_edit(self):
        # A colleague follows the sample, not the order: its approval still
        # completes the order's milestone.
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.action_confirm()
        pp_milestone = self._plan(order).filtered(lambda m: m.name == 'PP sample approved')
        self.assertFalse(pp_milestone.with_user(self.other_merchandiser).has_access('write'))
        sample = self._received_samples(order, self.env.ref('merchandising.sample_type_pp'),
                                        merchandiser_id=self.other_merchandiser.id)
        sample.with_user(self.other_merchandiser).action_approve()
        self.assertEqual((pp_milestone.state, pp_milestone.actual_date), ('done', date(2026, 11, 26)))

    def test_a_sample_recorded_as_approved_completes_its_milestone(self):
        # A manager records the approval the customer gave last week.
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        pp_milestone = self._plan(order).filtered(lambda m: m.name == 'PP sample approved')
        sample_at(self.env['merchandising.sample'].with_user(self.manager), {
            'order_id': order.id, 'type_id': self.env.ref('merchandising.sample_type_pp').id,
            'state': 'approved', 'date_decided': '2026-11-19'})
        self.assertEqual((pp_milestone.state, pp_milestone.actual_date), ('done', date(2026, 11, 19)))


@freeze_time(TODAY)
class TestTnaAccess(TnaCase):

    def test_merchandisers_edit_the_plans_of_their_orders(self):
        mine = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        theirs = self._order(merchandiser=self.other_merchandiser, ex_factory_date='2027-03-01')
        mine.action_confirm()
        theirs.action_confirm()
        milestone = self._plan(mine)[0].with_user(self.merchandiser)
        milestone.write({'revised_date': '2027-01-05', 'revision_reason_id': self.reason.id,
                         'partner_id': self.customer.id})
        milestone.action_done()
        with self.assertRaises(AccessError):
            self._plan(theirs)[0].with_user(self.merchandiser).write({'revised_date': '2027-01-05', 'revision_reason_id': self.reason.id})
        with self.assertRaises(AccessError):
            milestone.unlink()
        self._plan(theirs)[0].with_user(self.manager).write({'revised_date': '2027-01-05', 'revision_reason_id': self.reason.id})

    def test_a_salesperson_reads_the_plans_of_the_orders_they_sell(self):
        order = self.env['sale.order'].with_user(self.salesperson).create({
            'partner_id': self.customer.id, 'ex_factory_date': '2027-03-01',
            'order_line': [Command.create({'product_id': self.product.id, 'product_uom_qty': 10})]})
        order.action_confirm()
        plan = order.merch_milestone_ids
        self.assertEqual(len(plan), 10)
        self.assertTrue(plan.mapped('forecast_date'))
        with self.assertRaises(AccessError):
            plan[0].write({'revised_date': '2027-01-05', 'revision_reason_id': self.reason.id})

    def test_templates_are_managed_by_managers(self):
        with self.assertRaises(AccessError):
            self.env['merchandising.milestone.template'].with_user(self.merchandiser).create({'name': 'Mine'})
        with self.assertRaises(AccessError):
            self.default_template.line_ids[0].with_user(self.merchandiser).write({'offset_days': -90})
        self.default_template.line_ids[0].with_user(self.manager).write({'offset_days': -90})

    def test_the_chasing_rules_are_set_in_the_settings(self):
        # Settings › Merchandising (the settings are Odoo's administrators').
        form = Form(self.env['res.config.settings'])
        form.merch_transit_days = 12
        form.merch_at_risk_days = 5
        form.merch_due_soon_days = 10
        form.save().execute()
        self.assertEqual((self.company.merch_transit_days, self.company.merch_at_risk_days,
                          self.company.merch_due_soon_days), (12, 5, 10))


@freeze_time(TODAY)
class TestLateOrders(CustomsCase, TnaCase):

    def test_a_copied_order_starts_without_a_plan(self):
        order = self._order(ex_factory_date='2026-12-20')
        order.action_confirm()
        copy = order.copy()
        self.assertFalse(copy.ex_factory_date)
        self.assertFalse(copy.merch_milestone_ids)
        self.assertFalse(copy.merch_template_id)
        self.assertEqual(len(order.merch_milestone_ids), 10)

    def test_an_order_past_its_ex_factory_date_is_late_until_it_ships(self):
        late = self._order(ex_factory_date='2026-11-25')
        on_time = self._order(ex_factory_date='2026-11-26')
        self.assertTrue(late.merch_is_late)
        self.assertFalse(on_time.merch_is_late)
        late.action_confirm()
        self._ship(late)
        self.assertTrue(late.merch_is_late)
        late.merch_stage_id = self.stage['shipped']
        self.assertFalse(late.merch_is_late)

    def test_an_order_past_its_ex_factory_date_is_late_until_it_closes(self):
        # The closing stage reached here is one of the company's own (a
        # cancelled delivery); shipping is the customs' part.
        closed = self.env['merchandising.stage'].create({
            'name': 'Called off by the customer', 'sequence': 45, 'is_closed': True, 'fold': True})
        late = self._order(ex_factory_date='2026-11-25')
        on_time = self._order(ex_factory_date='2026-11-26')
        self.assertTrue(late.merch_is_late)
        self.assertFalse(on_time.merch_is_late)
        Order = self.env['sale.order']
        late_filter = [('ex_factory_date', '<', '2026-11-26'), ('merch_stage_id.is_closed', '=', False),
                       ('state', '!=', 'cancel')]
        self.assertIn(late, Order.search(late_filter))
        late.action_confirm()
        late.merch_stage_id = closed
        self.assertFalse(late.merch_is_late)
        self.assertNotIn(late, Order.search(late_filter))
        on_time.ex_factory_date = '2026-11-01'
        on_time._action_cancel()
        self.assertFalse(on_time.merch_is_late)

    def test_the_search_filters_of_the_pipeline(self):
        view = self.env.ref('merchandising.view_sales_order_filter_merchandising_tna')
        arch = self.env['sale.order'].get_views([(view.inherit_id.inherit_id.id, 'search')])['views']['search']['arch']
        for name in ('merch_at_risk', 'merch_forecast_late', 'merch_late', 'group_merch_health'):
            self.assertIn('name="%s"' % name, arch)
