"""What every test of the follow-up starts from: an export company with two
merchandisers, a manager, a salesperson and a customer."""
from odoo import Command
from odoo.tests import TransactionCase


class OutsideAddon:
    """Odoo tags a test case by the addon it lives in (``odoo.addons.X.tests``);
    these tests live in the project's top-level tests/, outside the addon."""

    test_tags = {'standard', 'at_install'}
    test_module = 'merchandising'
    test_sequence = 0
    test_class = None


class MerchandisingCase(OutsideAddon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No mail is really sent from tests; tracking still runs.
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nolog=True, no_reset_password=True))
        ref = cls.env.ref
        cls.stage = {xid: ref('merchandising.stage_%s' % xid) for xid in (
            'enquiry', 'quotation_sent', 'sampling', 'order_confirmed', 'materials',
            'production', 'inspection', 'booking_customs', 'shipped', 'closed')}
        group_merchandiser = ref('merchandising.group_merchandiser')
        group_manager = ref('merchandising.group_merchandising_manager')
        group_salesman = ref('sales_team.group_sale_salesman')
        cls.merchandiser = cls._user('Chen Jing', 'test_merch_chen', group_merchandiser)
        cls.other_merchandiser = cls._user('Zhao Lei', 'test_merch_zhao', group_merchandiser)
        cls.manager = cls._user('Sun Hui', 'test_merch_manager', group_manager)
        cls.salesperson = cls._user('Liu Yang', 'test_salesperson', group_salesman)
        cls.customer = cls.env['res.partner'].create({
            'name': 'Baltic Apparel OÜ', 'is_company': True, 'customer_rank': 1,
            'email': 'buyer@baltic-apparel.example.com'})
        # The company's working week: Monday to Friday, closed for the Spring
        # Festival (6-13 February 2027) and National Day (1-7 October 2027).
        # The T&A counts its offsets, lags and durations in it. (In UTC: a
        # calendar's time zone becomes the time zone of users created after.)
        cls.calendar = cls.env['resource.calendar'].create({'name': 'Export office week', 'tz': 'UTC'})
        cls.env['resource.calendar.leaves'].create([
            {'name': 'Spring Festival', 'calendar_id': cls.calendar.id,
             'date_from': '2027-02-06 00:00:00', 'date_to': '2027-02-13 23:59:59'},
            {'name': 'National Day', 'calendar_id': cls.calendar.id,
             'date_from': '2027-10-01 00:00:00', 'date_to': '2027-10-07 23:59:59'}])
        cls.env.company.resource_calendar_id = cls.calendar
        cls.product = cls.env['product.product'].create({
            'name': 'Merino base layer', 'type': 'consu', 'is_storable': True, 'list_price': 21.0,
            'weight': 0.2, 'volume': 0.002})

    @classmethod
    def _user(cls, name, login, group):
        return cls.env['res.users'].create({
            'name': name, 'login': login, 'email': '%s@example.com' % login,
            'groups_id': [Command.set([cls.env.ref('base.group_user').id, group.id])]})

    def _order(self, merchandiser=None, **vals):
        """A quotation for the customer, sold by the salesperson."""
        vals.setdefault('partner_id', self.customer.id)
        vals.setdefault('user_id', self.salesperson.id)
        if merchandiser is not None:
            vals['merchandiser_id'] = merchandiser.id
        vals.setdefault('order_line', [Command.create({
            'product_id': self.product.id, 'product_uom_qty': 500, 'price_unit': 20.5})])
        return self.env['sale.order'].create(vals)

    def _flush_tracking(self):
        """Post the chatter's tracking messages now, as the end of a request
        would. (Odoo tracks no change of a record created in the same
        transaction: a test that creates an order and then moves it flushes
        in between, as two requests of the client would.)"""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    def _history(self, order):
        """The order's stage history, oldest first."""
        return order.merch_stage_history_ids.sorted(lambda line: (line.date_in, line.id))

    def _approve_samples(self, order, *codes):
        """Samples approved by the customer, of the types the stage gates ask
        for by default (PP before Production, shipping before Shipped): made,
        sent and approved step by step as the merchandiser records it, so
        that what an approval does (the T&A milestones it completes) happens."""
        samples = self.env['merchandising.sample'].create([{
            'order_id': order.id, 'type_id': self.env.ref('merchandising.sample_type_%s' % code).id,
        } for code in codes or ('pp', 'shipping')])
        for action in ('action_request', 'action_start', 'action_mark_sent', 'action_mark_received',
                       'action_approve'):
            getattr(samples, action)()
        return samples


def every_day_calendar(env, name='Every day'):
    """Working hours seven days a week, without holidays: offsets, lags and
    durations count calendar days (for tests not about working days)."""
    return env['resource.calendar'].create({
        'name': name, 'tz': 'UTC',
        'attendance_ids': [Command.create({'name': str(day), 'dayofweek': str(day), 'hour_from': 8,
                                           'hour_to': 17, 'day_period': 'morning'}) for day in range(7)]})


def sample_at(Sample, vals):
    """A sample created as a draft and taken to ``vals['state']`` the way the
    merchandiser takes it, step by step (``_move_to``, the buttons' path),
    each step with its date from ``vals`` when given and the customer's
    comment on the decision."""
    from odoo.addons.merchandising.models.merchandising_sample import TRANSITION_DATES
    vals = dict(vals)
    state = vals.pop('state', 'draft')
    step_values = {step: {date: vals.pop(date)} for step, date in TRANSITION_DATES.items() if date in vals}
    comment = {'customer_comment': vals.pop('customer_comment')} if 'customer_comment' in vals else {}
    sample = Sample.create(vals)
    path = ['requested', 'in_progress', 'sent', 'received'] + ([state] if state in ('approved', 'rejected') else [])
    steps = ['cancel'] if state == 'cancel' else path[:path.index(state) + 1] if state in path else []
    # A step without its date took place on the next given one (not today,
    # which would come after a decision recorded in the past).
    later = {}
    for step in reversed(steps):
        if step in step_values:
            later = step_values[step]
        elif step in TRANSITION_DATES and later:
            step_values[step] = {TRANSITION_DATES[step]: next(iter(later.values()))}
    for step in steps:
        sample._move_to(step, **step_values.get(step, {}), **(comment if step == steps[-1] else {}))
    return sample
