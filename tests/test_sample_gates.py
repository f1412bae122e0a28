"""The stages samples gate: no Production before the customer approved the
pre-production (PP) sample, no Shipped before the shipping sample; and how
it speaks beside the other gates. (The stage core's own gates, which need
the samples approved and the order shipped, are in test_stages.py.)"""
from odoo.exceptions import UserError

from sample_case import SampleCase


class TestProductionGate(SampleCase):

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser)
        self.order.action_confirm()

    def test_production_is_refused_without_a_pp_sample(self):
        with self.assertRaises(UserError) as error:
            self.order.with_user(self.merchandiser).write({'merch_stage_id': self.stage['production'].id})
        message = str(error.exception)
        self.assertIn(self.order.name, message)
        self.assertIn('Pre-production (PP)', message)
        self.assertIn('no Pre-production (PP) sample yet', message)
        self.assertEqual(self.order.merch_stage_id, self.stage['order_confirmed'])
        self.assertEqual(len(self.order.merch_stage_history_ids), 2)

    def test_production_is_refused_while_the_pp_sample_is_not_approved(self):
        sample = self._walk(self._sample(self.order), 'action_request', 'action_start', 'action_mark_sent')
        with self.assertRaises(UserError) as error:
            self.order.with_user(self.merchandiser).action_merch_set_stage(self.stage['production'].id)
        self.assertIn(sample.name, str(error.exception))
        self.assertIn('Sent', str(error.exception))
        # Jumping past Production is refused too.
        with self.assertRaises(UserError):
            self.order.write({'merch_stage_id': self.stage['inspection'].id})
        self._walk(sample, 'action_mark_received', 'action_approve')
        self.order.with_user(self.merchandiser).write({'merch_stage_id': self.stage['production'].id})
        self.assertEqual(self.order.merch_stage_id, self.stage['production'])

    def test_the_latest_round_is_named_and_an_approved_round_counts(self):
        first = self._walk(self._sample(self.order), 'action_request', 'action_start', 'action_mark_sent',
                           'action_mark_received', 'action_reject')
        second = self.env['merchandising.sample'].browse(first.action_create_next_round()['res_id'])
        with self.assertRaises(UserError) as error:
            self.order.write({'merch_stage_id': self.stage['production'].id})
        self.assertIn(second.name, str(error.exception))
        self.assertIn('Draft', str(error.exception))
        self.assertNotIn(first.name, str(error.exception))
        self._walk(second, 'action_request', 'action_start', 'action_mark_sent', 'action_mark_received',
                   'action_approve')
        self.order.write({'merch_stage_id': self.stage['production'].id})
        self.assertEqual(self.order.merch_stage_id, self.stage['production'])

    def test_an_approved_earlier_round_counts(self):
        approved = self._walk(self._sample(self.order), 'action_request', 'action_start', 'action_mark_sent',
                              'action_mark_received', 'action_approve')
        self.assertEqual(approved.state, 'approved')
        self.order.write({'merch_stage_id': self.stage['production'].id})
        with self.assertRaises(UserError) as error:
            self.order.write({'merch_stage_id': self.stage['shipped'].id})
        self.assertIn('no Shipping sample yet', str(error.exception))

    def test_a_cancelled_sample_does_not_count(self):
        self._walk(self._sample(self.order), 'action_cancel')
        with self.assertRaises(UserError) as error:
            self.order.write({'merch_stage_id': self.stage['production'].id})
        self.assertIn('no Pre-production (PP) sample yet', str(error.exception))

    def test_another_orders_approval_does_not_count(self):
        other = self._order()
        self._approve_samples(other, 'pp')
        with self.assertRaises(UserError):
            self.order.write({'merch_stage_id': self.stage['production'].id})

    def test_the_gate_weighs_samples_the_user_cannot_read(self):
        # An order without salesperson, which any salesperson may move (sale's
        # own rule), with a colleague's PP sample the salesperson may not read.
        order = self._order(user_id=False)
        sample = self._sample(order, merchandiser_id=self.other_merchandiser.id)
        self.assertTrue(order.with_user(self.salesperson).has_access('write'))
        self.assertFalse(sample.with_user(self.salesperson).has_access('read'))
        with self.assertRaises(UserError) as error:
            order.with_user(self.salesperson).write({'merch_stage_id': self.stage['production'].id})
        self.assertIn(sample.name, str(error.exception))

    def test_a_type_of_another_company_gates_only_its_orders(self):
        other_company = self.env['res.company'].create({'name': 'Other Export Co.'})
        self.env['merchandising.sample.type'].create({
            'name': 'Lab dip', 'code': 'LAB', 'company_id': other_company.id,
            'required_before_stage_id': self.stage['materials'].id})
        self.order.write({'merch_stage_id': self.stage['materials'].id})
        self.assertEqual(self.order.merch_stage_id, self.stage['materials'])

    def test_a_gate_is_configured_on_the_sample_type(self):
        self.env.ref('merchandising.sample_type_fit').required_before_stage_id = self.stage['materials']
        with self.assertRaises(UserError) as error:
            self.order.write({'merch_stage_id': self.stage['materials'].id})
        self.assertIn('no Fit sample yet', str(error.exception))
        self.assertNotIn('Pre-production', str(error.exception))


class TestEveryProblemAtOnce(SampleCase):
    """Moving several orders at once: one error lists every sample missing
    for each, beside what the other gates of the stage say."""

    def test_every_missing_sample_of_every_order_is_listed_at_once(self):
        first, second = self._order(), self._order()
        with self.assertRaises(UserError) as error:
            (first | second).write({'merch_stage_id': self.stage['shipped'].id})
        message = str(error.exception)
        for order in (first, second):
            self.assertIn('%s: no Pre-production (PP) sample yet' % order.name, message)
            self.assertIn('%s: no Shipping sample yet' % order.name, message)
            self.assertIn('%s is still a quotation' % order.name, message)
            # The customs gates of Shipped speak in the same error.
            self.assertIn('%s: Merino base layer has no HS code' % order.name, message)
            self.assertIn('%s: customs have not released the goods' % order.name, message)
            self.assertIn('%s: the delivery is not done yet' % order.name, message)
