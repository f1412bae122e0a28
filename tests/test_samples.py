"""Samples as the merchandiser handles them: request, make, send, the
customer's decision, the next round, and the stage they gate."""
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from merchandising_case import MerchandisingCase


class SampleCase(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super(SampleCase, cls).setUpClass()
        ref = cls.env.ref
        cls.type_pp = ref('merchandising.sample_type_pp')
        cls.type_fit = ref('merchandising.sample_type_fit')
        cls.type_shipping = ref('merchandising.sample_type_shipping')
        cls.type_catalogue = ref('merchandising.sample_type_catalogue')

    def _sample(self, order=None, sample_type=None, **vals):
        vals.setdefault('type_id', (sample_type or self.type_pp).id)
        if order:
            vals['order_id'] = order.id
        else:
            vals.setdefault('partner_id', self.customer.id)
        return self.env['merchandising.sample'].create(vals)

    def _walk(self, sample, *actions):
        for action in actions:
            getattr(sample, action)()
        return sample


class TestSampleLife(SampleCase):

    @freeze_time('2026-11-26 09:00:00')
    def test_the_whole_way_to_approval_stamps_each_date(self):
        order = self._order(merchandiser=self.merchandiser)
        sample = self._sample(order, product_id=self.product.id)
        self.assertRegex(sample.name, r'^SMP/2026/\d{5}$')
        self.assertEqual(sample.partner_id, self.customer)
        self.assertEqual(sample.merchandiser_id, self.merchandiser)
        self.assertEqual(sample.round, 1)
        self.assertEqual(sample.date_due, '2026-12-03')  # PP: 7 days of lead time
        self.assertIn(self.merchandiser.partner_id, sample.message_partner_ids)
        steps = [('action_request', 'requested', None), ('action_start', 'in_progress', None),
                 ('action_mark_sent', 'sent', 'date_sent'), ('action_mark_received', 'received', 'date_received'),
                 ('action_approve', 'approved', 'date_decided')]
        for action, state, date_field in steps:
            getattr(sample.sudo(self.merchandiser), action)()
            self.assertEqual(sample.state, state)
            if date_field:
                self.assertEqual(sample[date_field], '2026-11-26')

    def test_rejection_records_the_comment(self):
        sample = self._walk(self._sample(), 'action_request', 'action_start', 'action_mark_sent',
                            'action_mark_received')
        sample.action_reject(comment='Collar too wide; use the lighter blue.')
        self.assertEqual(sample.state, 'rejected')
        self.assertEqual(sample.customer_comment, 'Collar too wide; use the lighter blue.')
        self.assertTrue(sample.date_decided)

    def test_cancel_from_every_open_state(self):
        for steps in ([], ['action_request'], ['action_request', 'action_start'],
                      ['action_request', 'action_start', 'action_mark_sent'],
                      ['action_request', 'action_start', 'action_mark_sent', 'action_mark_received']):
            sample = self._walk(self._sample(), *steps)
            sample.action_cancel()
            self.assertEqual(sample.state, 'cancel')

    def test_forbidden_moves_are_refused_and_change_nothing(self):
        forbidden = [
            ([], 'action_mark_sent'),
            ([], 'action_approve'),
            (['action_request'], 'action_mark_received'),
            (['action_request', 'action_start', 'action_mark_sent'], 'action_approve'),
            (['action_request', 'action_start', 'action_mark_sent', 'action_mark_received', 'action_approve'],
             'action_reject'),
            (['action_cancel'], 'action_request'),
            (['action_request', 'action_start', 'action_mark_sent', 'action_mark_received', 'action_reject'],
             'action_cancel'),
        ]
        for steps, action in forbidden:
            sample = self._walk(self._sample(), *steps)
            state = sample.state
            with self.assertRaises(UserError) as error:
                getattr(sample, action)()
            self.assertIn(sample.name, error.exception.name)
            self.assertEqual(sample.state, state, action)
        sample = self._sample()
        with self.assertRaises(UserError) as error:
            sample.action_mark_sent()
        self.assertIn('Draft', error.exception.name)
        self.assertIn('Requested', error.exception.name)

    def test_a_catalogue_is_sent_not_approved(self):
        catalogue = self._walk(self._sample(sample_type=self.type_catalogue), 'action_request', 'action_start',
                               'action_mark_sent', 'action_mark_received')
        with self.assertRaises(UserError):
            catalogue.action_approve()
        self.assertEqual(catalogue.state, 'received')

    def test_the_customer_must_be_the_orders(self):
        order = self._order()
        other = self.env['res.partner'].create({'name': 'Someone Else Ltd', 'customer': True})
        with self.assertRaises(ValidationError):
            self._sample(order, partner_id=other.id)

    def test_tracking_link_from_the_courier(self):
        carrier = self.env['delivery.carrier'].create({
            'name': 'Test Express', 'product_id': self.env.ref('delivery.product_product_delivery').id,
            'merch_tracking_url': 'https://track.example.com/?awb={tracking}'})
        sample = self._sample(carrier_id=carrier.id, tracking_ref='1234567890')
        self.assertEqual(sample.tracking_url, 'https://track.example.com/?awb=1234567890')
        self.assertFalse(self._sample(courier_name='Local van', tracking_ref='X1').tracking_url)

    def test_sample_sent_email_names_the_courier_and_tracking(self):
        sample = self._walk(self._sample(courier_name='SF Express', tracking_ref='SF123456'),
                            'action_request', 'action_start', 'action_mark_sent')
        action = sample.action_send_email()
        template = self.env['mail.template'].browse(action['context']['default_template_id'])
        self.assertEqual(template, self.env.ref('merchandising.mail_template_sample_sent'))
        mail = template.generate_email(sample.id)
        self.assertIn(sample.name, mail['subject'])
        self.assertIn('SF Express', mail['body_html'])
        self.assertIn('SF123456', mail['body_html'])
        self.assertIn('access_token=%s' % sample.access_token, mail['body_html'])


class TestRounds(SampleCase):

    def _rejected(self, order):
        sample = self._walk(self._sample(order), 'action_request', 'action_start', 'action_mark_sent',
                            'action_mark_received')
        sample.action_reject(comment='Too dark.')
        return sample

    def test_a_rejection_opens_the_next_round(self):
        order = self._order()
        first = self._rejected(order)
        action = first.action_create_next_round()
        second = self.env['merchandising.sample'].browse(action['res_id'])
        self.assertEqual(second.round, 2)
        self.assertEqual(second.previous_round_id, first)
        self.assertEqual(first.next_round_ids, second)
        self.assertEqual(second.state, 'draft')
        self.assertEqual((second.type_id, second.order_id), (first.type_id, first.order_id))
        self.assertNotEqual(second.name, first.name)
        self.assertFalse(second.customer_comment)
        with self.assertRaises(UserError):
            first.action_create_next_round()

    def test_only_a_rejected_sample_gets_a_next_round(self):
        with self.assertRaises(UserError):
            self._sample().action_create_next_round()

    def test_the_order_shows_the_latest_round_of_each_type(self):
        order = self._order()
        first = self._rejected(order)
        second = self.env['merchandising.sample'].browse(first.action_create_next_round()['res_id'])
        fit = self._sample(order, sample_type=self.type_fit)
        order.invalidate_cache()
        self.assertEqual(order.merch_latest_sample_ids, second | fit)
        self.assertEqual(order.merch_sample_count, 3)
        self.assertEqual(order.merch_samples_pending_count, 2)
        self._walk(second, 'action_request', 'action_start', 'action_mark_sent', 'action_mark_received',
                   'action_approve')
        order.invalidate_cache()
        self.assertEqual(order.merch_samples_pending_count, 1)


class TestApprovalRate(SampleCase):

    def test_the_rate_counts_decided_samples_per_type(self):
        customer = self.env['res.partner'].create({'name': 'Rate Test Ltd', 'customer': True})
        for state in ('approved', 'approved', 'approved', 'rejected', 'sent'):
            self._sample(partner_id=customer.id, state=state)
        self._sample(partner_id=customer.id, sample_type=self.type_fit, state='rejected')
        # The analysis opens on decided samples.
        decided = [('state', 'in', ('approved', 'rejected'))]
        groups = self.env['merchandising.sample'].read_group(
            [('partner_id', '=', customer.id)] + decided, ['type_id', 'approval_rate'], ['type_id'])
        rates = {group['type_id'][0]: group['approval_rate'] for group in groups}
        self.assertAlmostEqual(rates[self.type_pp.id], 75.0)
        self.assertAlmostEqual(rates[self.type_fit.id], 0.0)


class TestLateSamples(SampleCase):

    @freeze_time('2026-11-26 09:00:00')
    def test_a_sample_not_sent_by_its_due_date_is_late(self):
        late = self._sample(date_due='2026-11-25')
        due_today = self._sample(date_due='2026-11-26')
        sent_late = self._walk(self._sample(date_due='2026-11-20'), 'action_request', 'action_start',
                               'action_mark_sent')
        self.assertTrue(late.is_late)
        self.assertFalse(due_today.is_late)
        self.assertFalse(sent_late.is_late)
        ours = late | due_today | sent_late
        Sample = self.env['merchandising.sample']
        self.assertEqual(Sample.search([('id', 'in', ours.ids), ('is_late', '=', True)]), late)
        self.assertEqual(Sample.search([('id', 'in', ours.ids), ('is_late', '=', False)]), due_today | sent_late)


class TestProductionGate(SampleCase):

    def setUp(self):
        super(TestProductionGate, self).setUp()
        self.order = self._order(merchandiser=self.merchandiser)
        self.order.action_confirm()

    def test_production_is_refused_without_a_pp_sample(self):
        with self.assertRaises(UserError) as error:
            self.order.sudo(self.merchandiser).write({'merch_stage_id': self.stage['production'].id})
        message = error.exception.name
        self.assertIn(self.order.name, message)
        self.assertIn('Pre-production (PP)', message)
        self.assertIn('no Pre-production (PP) sample yet', message)
        self.assertEqual(self.order.merch_stage_id, self.stage['order_confirmed'])

    def test_production_is_refused_while_the_pp_sample_is_not_approved(self):
        sample = self._walk(self._sample(self.order), 'action_request', 'action_start', 'action_mark_sent')
        with self.assertRaises(UserError) as error:
            self.order.sudo(self.merchandiser).action_merch_set_stage(self.stage['production'].id)
        self.assertIn(sample.name, error.exception.name)
        self.assertIn('Sent', error.exception.name)
        # Jumping past Production is refused too.
        with self.assertRaises(UserError):
            self.order.write({'merch_stage_id': self.stage['inspection'].id})
        self._walk(sample, 'action_mark_received', 'action_approve')
        self.order.sudo(self.merchandiser).write({'merch_stage_id': self.stage['production'].id})
        self.assertEqual(self.order.merch_stage_id, self.stage['production'])

    def test_an_approved_earlier_round_counts(self):
        approved = self._walk(self._sample(self.order), 'action_request', 'action_start', 'action_mark_sent',
                              'action_mark_received', 'action_approve')
        self.assertEqual(approved.state, 'approved')
        self.order.write({'merch_stage_id': self.stage['production'].id})
        with self.assertRaises(UserError) as error:
            self.order.write({'merch_stage_id': self.stage['shipped'].id})
        self.assertIn('no Shipping sample yet', error.exception.name)

    def test_another_orders_approval_does_not_count(self):
        other = self._order()
        self._approve_samples(other, 'pp')
        with self.assertRaises(UserError):
            self.order.write({'merch_stage_id': self.stage['production'].id})

    def test_the_gate_weighs_samples_the_merchandiser_cannot_read(self):
        # A colleague's PP sample on the order, not approved: still refused.
        sample = self._sample(self.order, merchandiser_id=self.other_merchandiser.id)
        sample.order_id.message_unsubscribe_users(user_ids=self.merchandiser.ids)
        with self.assertRaises(UserError) as error:
            self.order.sudo(self.merchandiser).write({'merch_stage_id': self.stage['production'].id})
        self.assertIn(sample.name, error.exception.name)


class TestSampleAccess(SampleCase):

    def test_merchandisers_see_the_samples_of_their_orders_and_customers(self):
        mine = self._sample(self._order(merchandiser=self.merchandiser))
        theirs = self._sample(self._order(merchandiser=self.other_merchandiser),
                              merchandiser_id=self.other_merchandiser.id)
        Sample = self.env['merchandising.sample'].sudo(self.merchandiser)
        self.assertIn(mine, Sample.search([]))
        self.assertNotIn(theirs, Sample.search([]))
        with self.assertRaises(AccessError):
            theirs.sudo(self.merchandiser).read(['state'])
        with self.assertRaises(AccessError):
            theirs.sudo(self.merchandiser).action_request()
        self.customer.message_subscribe(partner_ids=[self.merchandiser.partner_id.id])
        self.assertIn(theirs, Sample.search([]))
        self.assertIn(theirs, self.env['merchandising.sample'].sudo(self.manager).search([]))

    def test_a_merchandiser_creates_but_does_not_delete_samples(self):
        order = self._order(merchandiser=self.merchandiser)
        sample = self.env['merchandising.sample'].sudo(self.merchandiser).create({
            'order_id': order.id, 'type_id': self.type_fit.id})
        with self.assertRaises(AccessError):
            sample.unlink()
        sample.sudo(self.manager).unlink()

    def test_sample_types_are_configured_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.env['merchandising.sample.type'].sudo(self.merchandiser).create({'name': 'Salesman', 'code': 'SMS'})
        with self.assertRaises(AccessError):
            self.type_pp.sudo(self.merchandiser).write({'lead_days': 3})
        new_type = self.env['merchandising.sample.type'].sudo(self.manager).create({'name': 'Salesman', 'code': 'SMS'})
        self.assertTrue(new_type.needs_approval)
        self.type_pp.sudo(self.manager).write({'lead_days': 3})
        self.assertEqual(self.type_pp.lead_days, 3)

    def test_a_type_that_gates_a_stage_needs_approval(self):
        with self.assertRaises(ValidationError):
            self.type_catalogue.required_before_stage_id = self.stage['production']
