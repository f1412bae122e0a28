"""Production chasing: the Time & Action plan of an order, planned back from
the ex-factory date, and how delays move the ship date."""
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from merchandising_case import MerchandisingCase

TODAY = '2026-11-26 08:00:00'


class TnaCase(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super(TnaCase, cls).setUpClass()
        cls.default_template = cls.env.ref('merchandising.milestone_template_default')

    def _template(self, lines, **vals):
        """A template of (name, offset, critical[, anchor]) lines."""
        vals.setdefault('name', 'Test T&A')
        vals['sequence'] = vals.get('sequence', 1)
        vals['line_ids'] = [(0, 0, {
            'name': line[0], 'offset_days': line[1], 'is_critical': line[2],
            'anchor': line[3] if len(line) > 3 else 'ex_factory', 'sequence': index})
            for index, line in enumerate(lines)]
        return self.env['merchandising.milestone.template'].create(vals)

    def _plan(self, order):
        return order.merch_milestone_ids.sorted(lambda m: (m.sequence, m.id))


@freeze_time(TODAY)
class TestPlanning(TnaCase):

    def test_confirming_plans_back_from_the_ex_factory_date(self):
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.action_confirm()
        plan = self._plan(order)
        self.assertEqual(order.merch_template_id, self.default_template)
        self.assertEqual(plan.mapped('name'), self.default_template.line_ids.mapped('name'))
        dates = dict(zip(plan.mapped('name'), plan.mapped('planned_date')))
        self.assertEqual(dates['Materials ordered'], '2026-12-31')   # 60 days before
        self.assertEqual(dates['Ex-factory'], '2027-03-01')
        self.assertEqual(dates['On board'], '2027-03-04')
        self.assertEqual(set(plan.mapped('user_id')), {self.merchandiser})
        self.assertEqual(order.forecast_ship_date, '2027-03-04')
        self.assertEqual(order.merch_health, 'on_track')

    def test_plan_rows_are_what_create_would_store(self):
        # The plan is inserted in one query (the hot path of confirming):
        # every stored column must hold what the ORM's create would store.
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.sudo(self.salesperson).action_confirm()
        plan = self._plan(order)
        self.assertEqual(len(plan), len(self.default_template.line_ids))
        self.assertEqual(order.forecast_ship_date, '2027-03-04')
        self.assertEqual(order.merch_health, 'on_track')
        Milestone = self.env['merchandising.milestone'].with_context(tracking_disable=True)
        created = Milestone.browse()
        for line in self.default_template.line_ids:
            planned = plan.filtered(lambda m: m.template_line_id == line).planned_date
            created |= Milestone.create(dict(line._milestone_values(order), planned_date=planned))
        columns = [name for name, field in Milestone._fields.items()
                   if field.store and field.column_type and name not in ('id', 'create_date', 'write_date')]
        self.assertEqual(plan.read(columns, load='_classic_write'),
                         [dict(row, id=milestone.id) for row, milestone in zip(
                             created.read(columns, load='_classic_write'), plan)])
        self.assertEqual(set(plan.mapped('create_uid')), {self.env.ref('base.user_root')})
        # Who may not create milestones (a salesperson) cannot plan through
        # this path either.
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Milestone.sudo(self.salesperson)._create_plan([dict(
                self.default_template.line_ids[0]._milestone_values(order), planned_date='2027-01-01')])

    def test_planning_from_the_confirmation(self):
        template = self._template([('Lab dips sent', 5, True, 'confirmation'), ('Ex-factory', 0, True)],
                                  partner_ids=[(4, self.customer.id)])
        # Quoted ten days ago, confirmed today: counted from today.
        order = self._order(ex_factory_date='2027-02-01', date_order='2026-11-16 08:00:00')
        order.action_confirm()
        self.assertEqual(order.merch_template_id, template)
        self.assertEqual(self._plan(order).mapped('planned_date'), ['2026-12-01', '2027-02-01'])

    def test_confirming_with_other_values_starts_from_them(self):
        # An import (or a script) confirming an order and giving its
        # ex-factory date, stage and packing at once: the plan counts back
        # from that date, the order stays in the stage given, the figures
        # are kept.
        order = self._order()
        self._approve_samples(order, 'pp')
        order.write({'state': 'sale', 'ex_factory_date': '2027-03-01', 'merch_packages': 7,
                     'merch_stage_id': self.stage['production'].id})
        self.assertEqual(order.ex_factory_date, '2027-03-01')
        self.assertEqual(self._plan(order).filtered(lambda m: m.name == 'Ex-factory').planned_date, '2027-03-01')
        self.assertEqual((order.merch_stage_id, order.merch_packages), (self.stage['production'], 7))
        self.assertTrue(order.merch_document_ids)

    def test_the_most_specific_template_wins(self):
        category = self.env['product.category'].create({'name': 'Outerwear'})
        self.product.categ_id = category
        by_category = self._template([('Ex-factory', 0, True)], name='Outerwear', product_category_ids=[(4, category.id)])
        Template = self.env['merchandising.milestone.template']
        self.assertEqual(Template._match(self._order()), by_category)
        other = self.env['res.partner'].create({'name': 'Other Buyer', 'customer': True})
        by_customer = self._template([('Ex-factory', 0, True)], name='Baltic', partner_ids=[(4, self.customer.id)],
                                     sequence=50)
        self.assertEqual(Template._match(self._order()), by_customer)
        self.assertEqual(Template._match(self._order(partner_id=other.id)), by_category)
        self.product.categ_id = self.env.ref('product.product_category_all')
        self.assertEqual(Template._match(self._order(partner_id=other.id)), self.default_template)

    def test_ex_factory_defaults_from_the_requested_date_less_transit(self):
        self.env.user.company_id.merch_transit_days = 30
        order = self._order(requested_date='2027-04-30 10:00:00')
        order._onchange_merch_ex_factory_date()
        self.assertEqual(order.ex_factory_date, '2027-03-31')
        order = self._order()
        order.action_confirm()   # commitment date: the order date, no lead time
        self.assertEqual(order.ex_factory_date, order.commitment_date[:10])

    def test_replanning_keeps_done_milestones_and_promised_dates(self):
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        plan = self._plan(order)
        materials = plan.filtered(lambda m: m.name == 'Materials ordered')
        materials.write({'state': 'done', 'actual_date': '2026-11-20'})
        materials.message_post(body='PO 4711 placed with Wuxi Textiles')
        in_house = plan.filtered(lambda m: m.name == 'Materials in-house')
        in_house.revised_date = '2027-01-25'
        order.ex_factory_date = '2027-03-11'
        order.action_merch_apply_plan()
        self.assertEqual(self._plan(order), plan)
        self.assertEqual((materials.state, materials.actual_date, materials.planned_date),
                         ('done', '2026-11-20', '2026-12-31'))
        self.assertIn('PO 4711', materials.message_ids[0].body)
        self.assertEqual(in_house.planned_date, '2027-01-30')
        self.assertEqual(in_house.revised_date, '2027-01-25')
        order.action_merch_apply_plan_reset()
        self.assertFalse(in_house.revised_date)
        self.assertEqual(materials.actual_date, '2026-11-20')

    def test_the_planned_dates_are_frozen_outside_re_planning(self):
        order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        order.action_confirm()
        in_house = self._plan(order).filtered(lambda m: m.name == 'Materials in-house')
        with self.assertRaisesRegex(UserError, 'Materials in-house.*planned date.*Revised date'):
            in_house.sudo(self.merchandiser).write({'planned_date': '2027-02-15'})
        in_house.sudo(self.merchandiser).write({'planned_date': in_house.planned_date, 'revised_date': '2027-02-15'})
        self.assertEqual((in_house.planned_date, in_house.due_date), ('2027-01-20', '2027-02-15'))
        # A milestone added by hand gets the planned date it is given.
        extra = self.env['merchandising.milestone'].sudo(self.merchandiser).create({
            'order_id': order.id, 'name': 'Lab dips approved', 'planned_date': '2026-12-10'})
        self.assertEqual(extra.due_date, '2026-12-10')


@freeze_time(TODAY)
class TestBadInput(TnaCase):

    def test_a_plan_needs_the_ex_factory_date_and_is_all_or_nothing(self):
        self._template([('Lab dips sent', 5, True, 'confirmation'), ('Ex-factory', 0, True)],
                       partner_ids=[(4, self.customer.id)])
        order = self._order(order_line=[])   # no lines: no commitment date either
        with self.assertRaises(UserError) as error:
            order.action_merch_apply_plan()
        self.assertIn('Ex-factory Date', error.exception.name)
        self.assertIn(order.name, error.exception.name)
        self.assertFalse(order.merch_milestone_ids)

    def test_confirming_without_a_possible_plan_still_confirms(self):
        self._template([('Ex-factory', 0, True)], partner_ids=[(4, self.customer.id)])
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
            milestone.revised_date = '2026-11-19'
        self.assertIn('revised date', error.exception.name)

    def test_an_actual_date_in_the_future_is_refused(self):
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        with self.assertRaises(ValidationError) as error:
            self._plan(order)[0].write({'state': 'done', 'actual_date': '2026-11-27'})
        self.assertIn('actual date', error.exception.name)


class TestDelayPropagation(TnaCase):

    def setUp(self):
        super(TestDelayPropagation, self).setUp()
        self._template([('Fabric ordered', -40, True), ('Fabric in-house', -30, True),
                        ('Trims in-house', -25, False), ('Production', -15, True), ('Ex-factory', 0, True)],
                       partner_ids=[(4, self.customer.id)])
        with freeze_time('2026-10-01'):
            self.order = self._order(ex_factory_date='2026-12-31')
            self.order.action_confirm()
        self.fabric, self.in_house, self.trims, self.production, self.ex_factory = self._plan(self.order)

    def _forecasts(self):
        self.order.invalidate_cache()
        self.order.merch_milestone_ids.invalidate_cache()
        return self._plan(self.order).mapped('forecast_date')

    def test_a_chain_of_five(self):
        with freeze_time('2026-11-15'):
            self.assertEqual(self._forecasts(), ['2026-11-21', '2026-12-01', '2026-12-06', '2026-12-16', '2026-12-31'])
            self.assertEqual(self.order.delay_days, 0)
        with freeze_time('2026-11-26'):
            # Fabric ordered 3 days late: everything after moves 3 days.
            self.fabric.write({'state': 'done', 'actual_date': '2026-11-24'})
            self.assertEqual(self._forecasts(), ['2026-11-24', '2026-12-04', '2026-12-09', '2026-12-19', '2027-01-03'])
            self.assertEqual(self.order.delay_days, 3)
        with freeze_time('2026-12-12'):
            # Fabric in on its new date; the trims (not critical) are late: they
            # do not push production.
            self.in_house.write({'state': 'done', 'actual_date': '2026-12-04'})
            self.assertEqual(self._forecasts(), ['2026-11-24', '2026-12-04', '2026-12-12', '2026-12-19', '2027-01-03'])
            self.assertEqual(self.trims.delay_days, 6)
            # The factory now promises production for 22 December: 6 days late.
            self.production.revised_date = '2026-12-22'
            self.assertEqual(self._forecasts()[3:], ['2026-12-22', '2027-01-06'])
            self.assertEqual((self.order.forecast_ship_date, self.order.delay_days), ('2027-01-06', 6))
        with freeze_time('2026-12-16'):
            # ... and finishes on the planned date after all: back on track.
            self.production.write({'state': 'done', 'actual_date': '2026-12-16'})
            self.assertEqual(self._forecasts()[3:], ['2026-12-16', '2026-12-31'])
            self.assertEqual((self.order.delay_days, self.order.merch_health), (0, 'on_track'))

    def test_health_thresholds(self):
        self.env.user.company_id.merch_at_risk_days = 3
        for actual, health in (('2026-11-21', 'on_track'), ('2026-11-23', 'at_risk'),
                               ('2026-11-24', 'at_risk'), ('2026-11-25', 'late')):
            with freeze_time('2026-11-26'):
                self.fabric.write({'state': 'done', 'actual_date': actual})
                self.order.invalidate_cache()
                self.assertEqual(self.order.merch_health, health, actual)

    def test_a_skipped_milestone_is_out_of_the_forecast(self):
        with freeze_time('2026-11-26'):
            self.ex_factory.action_skip()
            self.assertFalse(self.ex_factory.forecast_date)
            self.assertEqual(self.order.forecast_ship_date, self.production.forecast_date)

    def test_the_forecast_costs_the_same_queries_for_5_or_100_milestones(self):
        def queries(orders):
            milestones = orders.mapped('merch_milestone_ids')
            milestones.invalidate_cache()
            before = self.cr.sql_log_count
            milestones.read(['forecast_date', 'delay_days'])
            return self.cr.sql_log_count - before
        few = many = self.order
        for dummy in range(19):
            with freeze_time('2026-10-01'):
                order = self._order(ex_factory_date='2026-12-31')
                order.action_confirm()
            many |= order
        self.assertEqual(len(few.merch_milestone_ids), 5)
        self.assertEqual(len(many.mapped('merch_milestone_ids')), 100)
        with freeze_time('2026-11-26'):
            self.assertEqual(queries(few), queries(many))


class TestDailyChase(TnaCase):

    def setUp(self):
        super(TestDailyChase, self).setUp()
        self._template([('Fabric ordered', -40, True), ('Fabric in-house', -30, True), ('Ex-factory', 0, True)],
                       partner_ids=[(4, self.customer.id)])
        with freeze_time('2026-10-01'):
            self.order = self._order(ex_factory_date='2026-12-31')
            self.order.action_confirm()
        self.fabric, self.in_house, self.ex_factory = self._plan(self.order)
        self.Milestone = self.env['merchandising.milestone']

    def test_overdue_milestones_turn_late_and_the_forecast_follows_the_days(self):
        with freeze_time('2026-11-22'):
            self.Milestone._cron_chase_list()
            self.assertEqual(self.fabric.state, 'late')          # due 21 November
            self.assertEqual(self.in_house.state, 'pending')
            self.assertEqual((self.order.delay_days, self.order.merch_health), (1, 'at_risk'))
        with freeze_time('2026-11-26'):
            self.Milestone._cron_chase_list()
            self.assertEqual((self.order.delay_days, self.order.merch_health), (5, 'late'))
            self.assertEqual(self.order.forecast_ship_date, '2027-01-05')
            # The supplier promises a new date: pending again until it passes.
            self.fabric.revised_date = '2026-11-28'
            self.assertEqual(self.fabric.state, 'pending')
            self.fabric.action_done()
            self.assertEqual(self.fabric.state, 'done')

    def test_one_chase_activity_per_overdue_milestone(self):
        self.in_house.user_id = self.merchandiser
        Activity = self.env['mail.activity']
        mine = [('res_model', '=', 'merchandising.milestone'), ('res_id', 'in', self._plan(self.order).ids)]
        with freeze_time('2026-11-22'):
            self.Milestone._cron_chase_list()
            activity = Activity.search(mine)
            self.assertEqual(activity.res_id, self.fabric.id)
            self.assertEqual(activity.date_deadline, '2026-11-21')
            self.assertIn('Fabric ordered', activity.summary)
        with freeze_time('2026-12-02'):
            self.Milestone._cron_chase_list()
            self.Milestone._cron_chase_list()
            activities = Activity.search(mine)
            self.assertEqual(sorted(activities.mapped('res_id')), sorted((self.fabric | self.in_house).ids))
            self.assertEqual(activities.filtered(lambda a: a.res_id == self.in_house.id).user_id, self.merchandiser)

    def test_the_chase_costs_the_same_queries_for_10_or_200_open_milestones(self):
        # Every step of the chase runs each time: one milestone turns overdue,
        # one falls due soon (two to-dos), the merchandiser gets a digest.
        self.in_house.revised_date = '2026-11-25'
        for day in range(7):
            self.Milestone.create({'order_id': self.order.id, 'name': 'Later %d' % day,
                                   'sequence': 100 + day, 'planned_date': '2026-12-%02d' % (10 + day)})

        def queries():
            # As in the cron's own transaction: nothing pending, nothing cached,
            # and as on the morning the milestone turned overdue.
            self.fabric.state = 'pending'
            self.env['mail.activity'].search([('res_model', '=', self.Milestone._name),
                                              ('res_id', 'in', (self.fabric | self.in_house).ids)]).unlink()
            self.Milestone.recompute()
            self.env.cache.invalidate()
            before = self.cr.sql_log_count
            self.Milestone._cron_chase_list()
            return self.cr.sql_log_count - before
        open_milestones = [('state', 'in', ('pending', 'late')), ('order_id.partner_id', '=', self.customer.id)]
        with freeze_time('2026-11-22'):
            queries()                       # warm the caches (ormcache, ...)
            few = queries()
            self.assertEqual(self.Milestone.search_count(open_milestones), 10)
        # 190 more, on ten other orders, all still ahead.
        for index in range(10):
            order = self._order(ex_factory_date='2027-03-31')
            for step in range(19):
                self.Milestone.create({'order_id': order.id, 'name': 'Step %d' % step, 'sequence': step,
                                       'planned_date': '2027-%02d-%02d' % (1 + step % 3, 1 + index + step)})
        with freeze_time('2026-11-22'):
            self.assertEqual(queries(), few)
            self.assertEqual(self.Milestone.search_count(open_milestones), 200)


@freeze_time(TODAY)
class TestCompletion(TnaCase):

    def test_done_today_and_out_of_sequence_is_logged(self):
        order = self._order(ex_factory_date='2027-03-01')
        order.action_confirm()
        plan = self._plan(order)
        plan[2].action_done()
        self.assertEqual((plan[2].state, plan[2].actual_date), ('done', '2026-11-26'))
        self.assertIn('Done before Materials ordered, Materials in-house',
                      ' '.join(plan[2].message_ids.mapped('body')))
        plan[0].action_done()
        self.assertNotIn('Done before', ' '.join(plan[0].message_ids.mapped('body')))

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
        self.assertEqual((pp_milestone.state, pp_milestone.actual_date), ('done', '2026-11-26'))


@freeze_time(TODAY)
class TestTnaAccess(TnaCase):

    def test_merchandisers_edit_the_plans_of_their_orders(self):
        mine = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        theirs = self._order(merchandiser=self.other_merchandiser, ex_factory_date='2027-03-01')
        mine.action_confirm()
        theirs.action_confirm()
        milestone = self._plan(mine)[0].sudo(self.merchandiser)
        milestone.write({'revised_date': '2027-01-05', 'partner_id': self.customer.id})
        milestone.action_done()
        with self.assertRaises(AccessError):
            self._plan(theirs)[0].sudo(self.merchandiser).write({'revised_date': '2027-01-05'})
        with self.assertRaises(AccessError):
            milestone.unlink()
        self._plan(theirs)[0].sudo(self.manager).write({'revised_date': '2027-01-05'})

    def test_a_salesperson_confirming_gets_the_plan_made(self):
        order = self.env['sale.order'].sudo(self.salesperson).create({
            'partner_id': self.customer.id, 'ex_factory_date': '2027-03-01',
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 10})]})
        order.action_confirm()
        self.assertEqual(len(order.sudo().merch_milestone_ids), 10)

    def test_templates_are_managed_by_managers(self):
        with self.assertRaises(AccessError):
            self.env['merchandising.milestone.template'].sudo(self.merchandiser).create({'name': 'Mine'})
        with self.assertRaises(AccessError):
            self.default_template.line_ids[0].sudo(self.merchandiser).write({'offset_days': -90})
        self.default_template.line_ids[0].sudo(self.manager).write({'offset_days': -90})
