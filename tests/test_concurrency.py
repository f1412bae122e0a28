"""Two merchandisers doing the same thing at the same moment, each in their
own transaction (two real cursors, as two browser requests would have): the
second fails at once with PostgreSQL's lock or serialization error, which
Odoo's RPC layer retries on fresh data; the retry finds the work done, so
there is never a second history line, message or to-do.

A TransactionCase cannot cover a second cursor: these tests commit their own
data (an order, a customer, two users) and delete it at the end.
"""
import time
import unittest
import uuid

import psycopg2
from psycopg2 import errorcodes

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tests.common import get_db_name

# What odoo.service.model.retrying retries: the loser's request is replayed.
RETRIED = (errorcodes.LOCK_NOT_AVAILABLE, errorcodes.SERIALIZATION_FAILURE)


class ConcurrencyCase(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {'no_reset_password': True, 'mail_create_nolog': True})
            group = env.ref('merchandising.group_merchandiser')
            users = env['res.users']
            for name in ('Chen Jing', 'Zhao Lei'):
                users |= users.create({
                    'name': '%s %s' % (name, tag), 'login': 'test_concurrency_%s_%s' % (name.split()[1], tag),
                    'email': 'concurrency_%s_%s@example.com' % (name.split()[1], tag),
                    'groups_id': [Command.set([env.ref('base.group_user').id, group.id])]})
            customer = env['res.partner'].create({'name': 'Concurrency Test Customer %s' % tag})
            order = env['sale.order'].create({'partner_id': customer.id, 'merchandiser_id': users[0].id})
            # Both follow the order, so both may move it.
            order.message_subscribe(partner_ids=users.partner_id.ids)
            self.user_ids, self.customer_id, self.order_id = users.ids, customer.id, order.id
            self._prepare(env)
        self.addCleanup(self._delete_data)

    def _prepare(self, env):
        """What a test of a feature adds to the committed data."""

    def _delete_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env['sale.order'].browse(self.order_id)
            order._action_cancel()
            order.unlink()  # its milestones, history, messages and followers with it
            users = env['res.users'].browse(self.user_ids)
            partners = users.partner_id | env['res.partner'].browse(self.customer_id)
            users.unlink()
            partners.unlink()

    def _two_users(self):
        """Two transactions, one per merchandiser; the second gives up on a
        lock after a few seconds, so that a missing lock fails the test
        instead of hanging it."""
        first, second = self.registry.cursor(), self.registry.cursor()
        envs = api.Environment(first, self.user_ids[0], {}), api.Environment(second, self.user_ids[1], {})
        for env in envs:
            self.addCleanup(env.cr.close)
            self.addCleanup(env.cr.rollback)
            # A failed test leaves recomputations behind: drop them with the transaction.
            self.addCleanup(env.invalidate_all)
        second.execute("SET LOCAL lock_timeout = '5s'")
        return envs

    def _check_lost(self, error):
        self.assertIn(error.exception.pgcode, RETRIED, error.exception.pgerror)

    def _lose(self, action):
        """The second user's action fails at once (the row lock is taken
        NOWAIT), not after waiting for the first user's transaction."""
        start = time.time()
        with self.assertRaises(psycopg2.OperationalError) as error:
            action()
        self.assertLess(time.time() - start, 3, "the second user waited for the lock")
        self._check_lost(error)

    def _history(self):
        """The order's committed stage history: (stage, left) oldest first."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env['sale.order'].browse(self.order_id)
            return [(line.stage_id.id, bool(line.date_out)) for line in
                    order.merch_stage_history_ids.sorted(lambda line: (line.date_in, line.id))]

    def _stage(self):
        """The order's committed stage."""
        with self.registry.cursor() as cr:
            return api.Environment(cr, SUPERUSER_ID, {})['sale.order'].browse(self.order_id).merch_stage_id.id


class TestConcurrentStageMoves(ConcurrencyCase):

    def test_two_merchandisers_move_the_same_order_at_once(self):
        first, second = self._two_users()
        sampling = first.ref('merchandising.stage_sampling').id
        enquiry = first.ref('merchandising.stage_enquiry').id
        first['sale.order'].browse(self.order_id).write({'merch_stage_id': sampling})
        first.flush_all()
        # The first has not committed yet: the second does not wait for it.
        self._lose(lambda: second['sale.order'].browse(self.order_id).write({'merch_stage_id': sampling}))
        second.cr.rollback()
        first.cr.commit()
        # Odoo replays the second request: the order is already there.
        second.invalidate_all()
        second['sale.order'].browse(self.order_id).write({'merch_stage_id': sampling})
        second.cr.commit()
        self.assertEqual(self._history(), [(enquiry, True), (sampling, False)])
        self.assertEqual(self._stage(), sampling)

    def test_a_move_from_a_stale_view_of_the_order_fails(self):
        first, second = self._two_users()
        sampling = first.ref('merchandising.stage_sampling').id
        quotation_sent = first.ref('merchandising.stage_quotation_sent').id
        # The second user's transaction has seen the order before the first moved it.
        self.assertEqual(len(second['sale.order'].browse(self.order_id).merch_stage_history_ids), 1)
        first['sale.order'].browse(self.order_id).write({'merch_stage_id': sampling})
        first.cr.commit()
        with self.assertRaises(psycopg2.OperationalError) as error:
            second['sale.order'].browse(self.order_id).write({'merch_stage_id': quotation_sent})
            second.flush_all()
        self._check_lost(error)
        second.cr.rollback()
        self.assertEqual([stage for stage, _left in self._history()][1:], [sampling])


class TestConcurrentMilestones(ConcurrencyCase):

    def _prepare(self, env):
        milestone = env['merchandising.milestone'].create({
            'order_id': self.order_id, 'name': 'Fabric in-house', 'planned_date': '2026-12-01'})
        self.milestone_id = milestone.id

    def _milestone(self):
        """The milestone's committed state and how many of its messages track
        a change of state."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            milestone = env['merchandising.milestone'].browse(self.milestone_id)
            tracked = env['mail.tracking.value'].search([
                ('mail_message_id', 'in', milestone.message_ids.ids), ('field_id.name', '=', 'state')])
            return milestone.state, len(tracked)

    def test_two_merchandisers_complete_the_same_milestone_at_once(self):
        _state, changes_before = self._milestone()
        first, second = self._two_users()
        first['merchandising.milestone'].browse(self.milestone_id).action_done()
        self._lose(second['merchandising.milestone'].browse(self.milestone_id).action_done)
        second.cr.rollback()
        first.cr.commit()
        # Odoo replays the second request: the milestone is already done.
        second.invalidate_all()
        second['merchandising.milestone'].browse(self.milestone_id).action_done()
        second.cr.commit()
        self.assertEqual(self._milestone(), ('done', changes_before + 1))
