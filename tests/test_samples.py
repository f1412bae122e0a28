"""Samples as the merchandiser handles them: request, make, send, the
customer's decision, the next round; who sees and configures what."""
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from sample_case import SampleCase


# Frozen at an hour when every time zone of the tests (UTC, the demo admin's
# Brussels) is on the same day: each step is stamped in its user's day.
@freeze_time('2026-11-26 09:00:00')
class TestSampleLife(SampleCase):

    @freeze_time('2026-11-26 09:00:00')
    def test_the_whole_way_to_approval_stamps_each_date(self):
        order = self._order(merchandiser=self.merchandiser)
        sample = self._sample(order, product_id=self.product.id)
        self.assertRegex(sample.name, r'^SMP/2026/\d{5}$')
        self.assertEqual(sample.partner_id, self.customer)
        self.assertEqual(sample.merchandiser_id, self.merchandiser)
        self.assertEqual(sample.round, 1)
        self.assertEqual(sample.date_due, date(2026, 12, 3))  # PP: 7 days of lead time
        self.assertIn(self.merchandiser.partner_id, sample.message_partner_ids)
        steps = [('action_request', 'requested', None), ('action_start', 'in_progress', None),
                 ('action_mark_sent', 'sent', 'date_sent'), ('action_mark_received', 'received', 'date_received'),
                 ('action_approve', 'approved', 'date_decided')]
        for action, state, date_field in steps:
            getattr(sample.with_user(self.merchandiser), action)()
            self.assertEqual(sample.state, state)
            if date_field:
                self.assertEqual(sample[date_field], date(2026, 11, 26))

    def test_the_form_fills_the_customer_merchandiser_and_due_date(self):
        order = self._order(merchandiser=self.other_merchandiser)
        with freeze_time('2026-11-26'):
            form = Form(self.env['merchandising.sample'].with_user(self.manager))
            form.order_id = order
            self.assertEqual(form.partner_id, self.customer)
            self.assertEqual(form.merchandiser_id, self.other_merchandiser)
            form.type_id = self.type_fit
            self.assertEqual(form.date_due, date(2026, 12, 3))  # fit: 7 days
            form.type_id = self.type_catalogue
            self.assertEqual(form.date_due, date(2026, 11, 29))  # catalogue: 3 days
            sample = form.save()
        self.assertEqual(sample.company_id, order.company_id)
        # Without an order, the merchandiser is whoever requests the sample.
        form = Form(self.env['merchandising.sample'].with_user(self.merchandiser))
        form.partner_id = self.customer
        form.type_id = self.type_fit
        self.assertEqual(form.save().merchandiser_id, self.merchandiser)

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
            self.assertIn(sample.name, str(error.exception))
            self.assertEqual(sample.state, state, action)
        sample = self._sample()
        with self.assertRaises(UserError) as error:
            sample.action_mark_sent()
        self.assertIn('Draft', str(error.exception))
        self.assertIn('Requested', str(error.exception))
        with self.assertRaises(UserError) as error:
            self._walk(self._sample(), 'action_cancel').action_request()
        self.assertIn('It is final', str(error.exception))

    def test_a_state_written_directly_is_refused_even_for_a_manager(self):
        # An import or an RPC client writing the state: refused, the buttons named.
        sample = self._sample()
        for user in (self.merchandiser, self.manager):
            with self.assertRaisesRegex(UserError, 'Status cannot be set directly: .*Approve or Reject'):
                sample.with_user(user).write({'state': 'requested'})
        self.assertEqual(sample.state, 'draft')
        self._walk(sample, 'action_request', 'action_start', 'action_mark_sent')
        self.assertEqual(sample.date_sent, date.today())
        # Writing the state it is already in changes nothing (an import of the same rows).
        sample.write({'state': 'sent', 'quantity': 3})
        self.assertEqual((sample.state, sample.quantity), ('sent', 3))
        # Nor is a sample created past its draft, by anyone.
        for user in (self.merchandiser, self.manager):
            with self.assertRaisesRegex(UserError, 'Status cannot be set directly'):
                self.env['merchandising.sample'].with_user(user).create({
                    'partner_id': self.customer.id, 'type_id': self.type_pp.id, 'state': 'sent',
                    'date_sent': date(2026, 1, 5)})

    def test_a_catalogue_is_sent_not_approved(self):
        catalogue = self._walk(self._sample(sample_type=self.type_catalogue), 'action_request', 'action_start',
                               'action_mark_sent', 'action_mark_received')
        for action in ('action_approve', 'action_reject'):
            with self.assertRaises(UserError) as error:
                getattr(catalogue, action)()
            self.assertIn('does not approve or reject', str(error.exception))
        self.assertEqual(catalogue.state, 'received')
        self.assertEqual(catalogue._next_states(), ('cancel',))
        with self.assertRaises(UserError):
            catalogue._move_to('approved')

    def test_the_customer_must_be_the_orders(self):
        order = self._order()
        other = self.env['res.partner'].create({'name': 'Someone Else Ltd', 'customer_rank': 1})
        with self.assertRaises(ValidationError) as error:
            self._sample(order, partner_id=other.id)
        self.assertIn(self.customer.name, str(error.exception))
        # A buyer of the customer is the customer.
        buyer = self.env['res.partner'].create({'name': 'Kadri Tamm', 'parent_id': self.customer.id})
        self.assertEqual(self._sample(order, partner_id=buyer.id).partner_id, buyer)

    def test_dates_out_of_order_are_refused(self):
        sample = self._sample(state='received', date_sent=date(2026, 3, 2), date_received=date(2026, 3, 9))
        with self.assertRaises(ValidationError) as error:
            sample.write({'date_received': date(2026, 3, 1)})
        self.assertIn('Received On', str(error.exception))
        self.assertEqual(sample.date_received, date(2026, 3, 9))
        with self.assertRaises(ValidationError):
            self._sample(quantity=0)

    def test_tracking_link_from_the_courier(self):
        carrier = self.env['delivery.carrier'].create({
            'name': 'Test Express', 'product_id': self.env.ref('delivery.product_product_delivery').id,
            'tracking_url': 'https://track.example.com/?awb=<shipmenttrackingnumber>'})
        sample = self._sample(carrier_id=carrier.id, tracking_ref='1234567890')
        self.assertEqual(sample.tracking_url, 'https://track.example.com/?awb=1234567890')
        self.assertFalse(self._sample(courier_name='Local van', tracking_ref='X1').tracking_url)
        self.assertFalse(self._sample(carrier_id=carrier.id).tracking_url)

    def test_sample_sent_email_names_the_courier_and_tracking(self):
        sample = self._walk(self._sample(courier_name='SF Express', tracking_ref='SF123456'),
                            'action_request', 'action_start', 'action_mark_sent')
        action = sample.with_user(self.manager).action_send_email()
        self.assertEqual(action['context']['default_template_id'],
                         self.env.ref('merchandising.mail_template_sample_sent').id)
        composer = Form(self.env['mail.compose.message'].with_user(self.manager).with_context(action['context']))
        self.assertIn(sample.name, composer.subject)
        self.assertIn(self.customer, composer.partner_ids)
        for text in ('SF Express', 'SF123456', '/my/samples/%s?access_token=%s' % (sample.id, sample.access_token)):
            self.assertIn(text, composer.body)
        composer.save().action_send_mail()
        message = sample.message_ids[0]
        self.assertIn('SF123456', message.body)
        self.assertIn(self.customer, message.partner_ids)


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
        self.assertFalse(second.date_decided)
        self.assertTrue(second.date_due)
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
        self._sample(order, sample_type=self.type_catalogue)
        order.invalidate_recordset()
        self.assertEqual(order.merch_latest_sample_ids, second | fit | order.merch_sample_ids.filtered(
            lambda sample: sample.type_id == self.type_catalogue))
        self.assertEqual(order.merch_sample_count, 4)
        # The catalogue waits for nobody's approval.
        self.assertEqual(order.merch_samples_pending_count, 2)
        self._walk(second, 'action_request', 'action_start', 'action_mark_sent', 'action_mark_received',
                   'action_approve')
        order.invalidate_recordset()
        self.assertEqual(order.merch_samples_pending_count, 1)

    def test_the_stat_button_opens_the_orders_samples(self):
        order = self._order(merchandiser=self.merchandiser)
        sample = self._sample(order)
        self._sample(self._order())
        action = order.with_user(self.merchandiser).action_view_merch_samples()
        self.assertEqual(action['res_model'], 'merchandising.sample')
        self.assertEqual(self.env['merchandising.sample'].search(action['domain']), sample)
        self.assertEqual(action['context'], {'default_order_id': order.id})


@freeze_time('2026-11-26 09:00:00')
class TestDecisionHook(SampleCase):

    def test_a_decision_calls_the_hook_once_and_nothing_else_does(self):
        # The T&A plan hooks in here (an approved sample completes milestones).
        Sample = type(self.env['merchandising.sample'])
        with patch.object(Sample, '_on_decided', autospec=True) as hook:
            sample = self._walk(self._sample(), 'action_request', 'action_start', 'action_mark_sent',
                                'action_mark_received')
            hook.assert_not_called()
            sample.action_approve()
            hook.assert_called_once()
            self.assertEqual(hook.call_args.args[0], sample)

    def test_the_decision_is_a_sample_decided_line_in_the_chatter(self):
        sample = self._walk(self._sample(merchandiser_id=self.merchandiser.id), 'action_request', 'action_start',
                            'action_mark_sent', 'action_mark_received')
        self._flush_tracking()
        before = sample.message_ids
        sample.with_user(self.merchandiser).action_reject(comment='Sleeves too long.')
        self._flush_tracking()
        new = sample.message_ids - before
        self.assertEqual(len(new), 1)
        self.assertEqual(new.subtype_id, self.env.ref('merchandising.mt_sample_decided'))
        changes = {value.field_id.name: value.new_value_char for value in new.tracking_value_ids}
        self.assertEqual(changes['state'], 'Rejected')


class TestApprovalRate(SampleCase):

    def test_the_rate_counts_decided_samples_per_type(self):
        customer = self.env['res.partner'].create({'name': 'Rate Test Ltd', 'customer_rank': 1})
        for state in ('approved', 'approved', 'approved', 'rejected', 'sent'):
            self._sample(partner_id=customer.id, state=state)
        self._sample(partner_id=customer.id, sample_type=self.type_fit, state='rejected')
        # The analysis opens on decided samples.
        decided = [('state', 'in', ('approved', 'rejected'))]
        groups = self.env['merchandising.sample']._read_group(
            [('partner_id', '=', customer.id)] + decided, ['type_id'], ['approval_rate:avg'])
        rates = dict(groups)
        self.assertAlmostEqual(rates[self.type_pp], 75.0)
        self.assertAlmostEqual(rates[self.type_fit], 0.0)
        # The analysis action opens on them.
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_sample_analysis')
        self.assertIn("'search_default_decided': 1", action['context'])


class TestLateSamples(SampleCase):

    @freeze_time('2026-11-26 09:00:00')
    def test_a_sample_not_sent_by_its_due_date_is_late(self):
        late = self._sample(date_due=date(2026, 11, 23))
        due_today = self._sample(date_due=date(2026, 11, 26))
        sent_late = self._walk(self._sample(date_due=date(2026, 11, 20)), 'action_request', 'action_start',
                               'action_mark_sent')
        self.assertTrue(late.is_late)
        self.assertEqual(late.days_late, 3)
        self.assertFalse(due_today.is_late)
        self.assertFalse(sent_late.is_late)
        self.assertEqual(sent_late.days_late, 0)
        ours = late | due_today | sent_late
        Sample = self.env['merchandising.sample']
        self.assertEqual(Sample.search([('id', 'in', ours.ids), ('is_late', '=', True)]), late)
        self.assertEqual(Sample.search([('id', 'in', ours.ids), ('is_late', '=', False)]), due_today | sent_late)


class TestSampleAccess(SampleCase):

    def test_merchandisers_see_the_samples_of_their_orders_and_customers(self):
        mine = self._sample(self._order(merchandiser=self.merchandiser))
        theirs = self._sample(self._order(merchandiser=self.other_merchandiser),
                              merchandiser_id=self.other_merchandiser.id)
        Sample = self.env['merchandising.sample'].with_user(self.merchandiser)
        self.assertIn(mine, Sample.search([]))
        self.assertNotIn(theirs, Sample.search([]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.merchandiser).read(['state'])
        with self.assertRaises(AccessError):
            theirs.with_user(self.merchandiser).action_request()
        self.customer.message_subscribe(partner_ids=[self.merchandiser.partner_id.id])
        self.assertIn(theirs, Sample.search([]))
        self.assertIn(theirs, self.env['merchandising.sample'].with_user(self.manager).search([]))

    def test_a_salesperson_reads_the_samples_of_the_orders_they_sell(self):
        sold = self._sample(self._order(merchandiser=self.merchandiser))
        prospect = self.env['res.partner'].create({'name': 'Prospect Oy', 'is_company': True})
        other = self._sample(partner_id=prospect.id)
        Sample = self.env['merchandising.sample'].with_user(self.salesperson)
        self.assertIn(sold, Sample.search([]))
        self.assertNotIn(other, Sample.search([]))
        with self.assertRaises(AccessError):
            sold.with_user(self.salesperson).action_request()
        prospect.user_id = self.salesperson
        self.assertIn(other, Sample.search([]))

    def test_a_merchandiser_creates_but_does_not_delete_samples(self):
        order = self._order(merchandiser=self.merchandiser)
        sample = self.env['merchandising.sample'].with_user(self.merchandiser).create({
            'order_id': order.id, 'type_id': self.type_fit.id})
        with self.assertRaises(AccessError):
            sample.unlink()
        sample.with_user(self.manager).unlink()
        self.assertFalse(sample.exists())

    def test_sample_types_are_configured_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.env['merchandising.sample.type'].with_user(self.merchandiser).create(
                {'name': 'Salesman', 'code': 'SMS'})
        with self.assertRaises(AccessError):
            self.type_pp.with_user(self.merchandiser).write({'lead_days': 3})
        new_type = self.env['merchandising.sample.type'].with_user(self.manager).create(
            {'name': 'Salesman', 'code': 'SMS'})
        self.assertTrue(new_type.needs_approval)
        self.type_pp.with_user(self.manager).write({'lead_days': 3})
        self.assertEqual(self.type_pp.lead_days, 3)

    def test_a_type_that_gates_a_stage_needs_approval(self):
        with self.assertRaises(ValidationError):
            self.type_catalogue.required_before_stage_id = self.stage['production']
        with self.assertRaises(ValidationError):
            self.type_fit.lead_days = -1

    def test_another_companys_samples_are_not_seen(self):
        other_company = self.env['res.company'].create({'name': 'Other Export Co.'})
        self.manager.company_ids = [(4, other_company.id)]
        theirs = self._sample(company_id=other_company.id, merchandiser_id=self.merchandiser.id)
        ours = self._sample()
        # The company switcher on the manager's own company, then on both.
        Sample = self.env['merchandising.sample'].with_user(self.manager)
        own = Sample.with_context(allowed_company_ids=self.env.company.ids).search([])
        self.assertIn(ours, own)
        self.assertNotIn(theirs, own)
        both = Sample.with_context(allowed_company_ids=(self.env.company | other_company).ids).search([])
        self.assertIn(theirs, both)
        # A user of the main company only never sees them.
        self.assertNotIn(theirs, self.env['merchandising.sample'].with_user(self.merchandiser).search([
            ('merchandiser_id', '=', self.merchandiser.id)]))
