"""The daily chase list: what the merchandiser finds every morning — to-dos
for late and soon-due milestones, one digest e-mail — and the e-mail that
chases the factory, in the factory's language."""
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from tna_case import TnaCase


class ChaseCase(TnaCase):

    def setUp(self):
        super().setUp()
        # The job chases every plan of the database: here this test's plan
        # alone (the demo orders' plans, dated from today, are out of it),
        # so that what it counts is this plan's.
        self.env['merchandising.milestone'].search([]).unlink()
        self._work_every_day()
        # Two milestones that wait for nothing: each is chased by its own
        # date (TestChaseByExpectedDate chases a network).
        self._template([('Fabric ordered', -40, False), ('Fabric in-house', -30, False), ('Ex-factory', 0, True)],
                       partner_ids=[Command.link(self.customer.id)])
        self.factory = self.env['res.partner'].create({
            'name': 'Ningbo Knitting Co.', 'supplier_rank': 1, 'is_company': True,
            'email': 'orders@ningbo-knitting.example.com'})
        with freeze_time('2026-10-01'):
            self.order = self._order(merchandiser=self.merchandiser, ex_factory_date='2026-12-31')
            self.order.action_confirm()
        # Due 21 November, 1 December, 31 December.
        self.fabric, self.in_house, self.ex_factory = self._plan(self.order)
        self.fabric.partner_id = self.factory
        self.Milestone = self.env['merchandising.milestone']
        self.Activity = self.env['mail.activity']

    def _activities(self, milestones):
        return self.Activity.search([('res_model', '=', 'merchandising.milestone'),
                                     ('res_id', 'in', milestones.ids)])

    def _digests(self, users):
        return self.env['mail.mail'].search([('model', '=', 'res.users'), ('res_id', 'in', users.ids)])


class TestDueSoon(ChaseCase):

    def test_a_to_do_for_milestones_due_within_the_window_and_never_twice(self):
        self.assertEqual(self.company.merch_due_soon_days, 7)
        with freeze_time('2026-11-20'):
            self.Milestone._cron_chase_list()
            self.Milestone._cron_chase_list()
            activity = self._activities(self._plan(self.order))
            # Fabric ordered is due tomorrow; Fabric in-house (11 days) is outside.
            self.assertEqual(activity.res_id, self.fabric.id)
            self.assertEqual((activity.date_deadline, activity.user_id), (date(2026, 11, 21), self.merchandiser))
            self.assertEqual(activity.activity_type_id, self.env.ref('mail.mail_activity_data_todo'))
            # The responsible follows the milestone they chase.
            self.assertIn(self.merchandiser.partner_id, self.fabric.message_partner_ids)
        with freeze_time('2026-11-24'):
            # Overdue now: the open to-do is still the one to chase, no second one.
            self.Milestone._cron_chase_list()
            self.assertEqual(self.fabric.state, 'late')
            self.assertEqual(self._activities(self.fabric), activity)
            # 1 December is 7 days ahead: inside the window, its last day.
            self.assertEqual(self._activities(self.in_house).date_deadline, date(2026, 12, 1))

    def test_the_window_is_set_per_company(self):
        self.company.merch_due_soon_days = 2
        with freeze_time('2026-11-18'):
            self.Milestone._cron_chase_list()
            self.assertFalse(self._activities(self._plan(self.order)))
        with freeze_time('2026-11-19'):
            self.Milestone._cron_chase_list()
            self.assertEqual(self._activities(self._plan(self.order)).res_id, self.fabric.id)

    def test_a_long_chase_list_runs_in_batches_until_done(self):
        # Both milestones overdue, one per run: ir.cron hears what remains
        # and runs the job again; the digest leaves with the last run.
        calls = []

        def notify_progress(cron, *, done, remaining, deactivate=False):
            calls.append((done, remaining))
        with freeze_time('2026-12-02'), patch.object(type(self.env['ir.cron']), '_notify_progress', notify_progress):
            self.Milestone._cron_chase_list(batch_size=1)
            self.assertEqual(calls, [(2, 2)])
            self.assertEqual((self.fabric.state, self.in_house.state), ('late', 'pending'))
            self.assertFalse(self._digests(self.merchandiser))
            self.Milestone._cron_chase_list(batch_size=1)
            self.assertEqual(calls, [(2, 2), (2, 0)])
            self.assertEqual(self.in_house.state, 'late')
            self.assertEqual(len(self._activities(self.fabric | self.in_house)), 2)
            self.assertEqual(len(self._digests(self.merchandiser)), 1)


class TestDigest(ChaseCase):

    def test_one_digest_per_merchandiser_with_late_and_due_soon_milestones(self):
        with freeze_time('2026-11-26'):
            self.Milestone._cron_chase_list()
        digest = self._digests(self.merchandiser)
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.recipient_ids, self.merchandiser.partner_id)
        self.assertIn('Chase list of 11/26/2026: 2 milestones', digest.subject)
        body = digest.body_html
        # Fabric ordered, 5 days late at Ningbo Knitting; Fabric in-house due 1 December.
        for text in (self.order.name, 'Baltic Apparel', 'Fabric ordered', 'Ningbo Knitting Co.',
                     '>5<', 'Fabric in-house', '12/01/2026'):
            self.assertIn(text, body)
        self.assertLess(body.index('Fabric ordered'), body.index('Fabric in-house'))
        self.assertNotIn('Ex-factory<', body)
        self.assertFalse(self._digests(self.other_merchandiser))

    def test_the_digest_lists_the_samples_to_send(self):
        sample = self.env['merchandising.sample'].create({
            'order_id': self.order.id, 'type_id': self.env.ref('merchandising.sample_type_pp').id,
            'date_due': '2026-11-30'})
        with freeze_time('2026-11-26'):
            self.Milestone._cron_chase_list()
        digest = self._digests(self.merchandiser)
        self.assertIn('2 milestones, 1 samples', digest.subject)
        for text in (sample.name, 'Pre-production (PP)', '11/30/2026'):
            self.assertIn(text, digest.body_html)

    def test_a_merchandiser_with_only_samples_to_send_gets_the_digest(self):
        Sample = self.env['merchandising.sample']
        fit = self.env.ref('merchandising.sample_type_fit')
        with freeze_time('2026-11-26'):
            late, last_day, outside, sent = Sample.create([{
                'partner_id': self.customer.id, 'type_id': fit.id, 'merchandiser_id': self.other_merchandiser.id,
                'date_due': due} for due in ('2026-11-20', '2026-12-03', '2026-12-04', '2026-11-21')])
            for action in ('action_request', 'action_start', 'action_mark_sent'):
                getattr(sent, action)()
            self.Milestone._cron_chase_list()
        digest = self._digests(self.other_merchandiser)
        self.assertEqual(len(digest), 1)
        self.assertIn('0 milestones, 2 samples', digest.subject)
        body = digest.body_html
        # Six days late, and one due on the window's last day (7 days ahead).
        for text in (late.name, 'Fit', 'Baltic Apparel', '11/20/2026', '>6<', last_day.name, '12/03/2026'):
            self.assertIn(text, body)
        self.assertLess(body.index(late.name), body.index(last_day.name))
        self.assertNotIn('T&amp;A milestones', body)
        # Already sent, or due after the window: nothing to chase.
        self.assertNotIn(sent.name, body)
        self.assertNotIn(outside.name, body)

    def test_no_digest_when_there_is_nothing_to_chase(self):
        with freeze_time('2026-10-15'):
            self.Milestone._cron_chase_list()
        self.assertFalse(self._digests(self.merchandiser | self.other_merchandiser | self.salesperson))

    def test_the_digest_reads_in_the_merchandiser_language(self):
        template = self.env.ref('merchandising.mail_template_chase_digest')
        self._translate(template, 'zh_CN', subject={'Chase list of': '跟催清单'}, body_html={'Days overdue': '逾期天数'})
        self.merchandiser.lang = 'zh_CN'
        with freeze_time('2026-11-26'):
            self.Milestone._cron_chase_list()
        digest = self._digests(self.merchandiser)
        self.assertIn('跟催清单', digest.subject)
        self.assertIn('逾期天数', digest.body_html)


@freeze_time('2026-11-26')
class TestChaseFactory(ChaseCase):

    def _compose(self, milestone, user):
        action = milestone.with_user(user).action_chase_factory()
        return self.env['mail.compose.message'].with_user(user).with_context(action['context']).create({})

    def test_the_chase_email_goes_to_the_factory_and_lands_in_the_chatter(self):
        self.Milestone._cron_chase_list()
        composer = self._compose(self.fabric, self.merchandiser)
        self.assertEqual(composer.partner_ids, self.factory)
        self.assertEqual(composer.subject, '%s: Fabric ordered, due 11/21/2026' % self.order.name)
        self.assertIn('5 days overdue', composer.body)
        composer.action_send_mail()
        message = self.fabric.message_ids[0]
        self.assertEqual(message.partner_ids, self.factory)
        self.assertEqual(message.author_id, self.merchandiser.partner_id)

    def test_the_chase_email_is_in_the_factory_language(self):
        template = self.env.ref('merchandising.mail_template_milestone_chase')
        self._translate(template, 'zh_CN', body_html={'Please confirm the date it will be done': '请确认完成日期'})
        self.factory.lang = 'zh_CN'
        composer = self._compose(self.fabric, self.merchandiser)
        self.assertIn('请确认', composer.body)

    def test_a_milestone_without_factory_cannot_be_chased(self):
        with self.assertRaisesRegex(UserError, 'Factory / Supplier'):
            self.in_house.with_user(self.merchandiser).action_chase_factory()


class TestChaseByExpectedDate(ChaseCase):
    """The chase goes by the date the network now expects, with the deadline
    beside it: Fabric in-house (due 1 December) waits for Fabric ordered;
    when the mill promises the fabric for 20 December, the in-house cannot
    happen before 30 December, and nobody is chased for 1 December."""

    def setUp(self):
        super().setUp()
        self.in_house.duration_days = 10
        self.env['merchandising.milestone.dependency'].create(
            {'milestone_id': self.in_house.id, 'predecessor_id': self.fabric.id})
        with freeze_time('2026-11-15'):
            self._promise(self.fabric, '2026-12-20')
            self.env.flush_all()
        self.assertEqual(self.in_house.forecast_date, date(2026, 12, 30))

    def test_a_milestone_held_by_what_it_waits_for_is_not_overdue_nor_chased(self):
        with freeze_time('2026-12-02'):
            self.Milestone._cron_chase_list()
            self.assertEqual((self.fabric.state, self.in_house.state), ('pending', 'pending'))
            self.assertEqual(self.in_house.days_overdue, 0)
            self.assertFalse(self._activities(self.fabric | self.in_house))
            self.assertFalse(self._digests(self.merchandiser))
        with freeze_time('2026-12-15'):
            # The fabric expected within the window: chased for its promise.
            self.Milestone._cron_chase_list()
            activity = self._activities(self.fabric | self.in_house)
            self.assertEqual((activity.res_id, activity.date_deadline), (self.fabric.id, date(2026, 12, 20)))
        earlier = self._digests(self.merchandiser)
        with freeze_time('2026-12-22'):
            # Not in on its promise: overdue, and what waits for it moves on.
            self.Milestone._cron_chase_list()
            self.assertEqual((self.fabric.state, self.fabric.days_overdue), ('late', 2))
            self.assertEqual(self.fabric.forecast_date, date(2026, 12, 22))
            self.assertEqual(self.in_house.forecast_date, date(2027, 1, 1))
            self.assertEqual(self.in_house.state, 'pending')
            self.assertEqual(len(self._activities(self.fabric | self.in_house)), 1)
        body = (self._digests(self.merchandiser) - earlier).body_html
        # Expected today, its deadline the 20th, 2 days overdue; the in-house out of the window.
        for text in ('Expected', 'Deadline', 'Fabric ordered', '12/22/2026', '12/20/2026', '>2<'):
            self.assertIn(text, body)
        self.assertNotIn('Fabric in-house', body)
