"""Before the order: the enquiry followed to a quotation (its samples, its
stage, its link), the buyer who stops answering, the visits received and
their to-dos, the customer's requirements gating the order's stages, and the
cockpit's figures of it — each as the merchandiser does it."""
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from merchandising_case import MerchandisingCase


class EnquiryCase(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.env['res.partner'].create({
            'name': 'Anna Tamm', 'parent_id': cls.customer.id, 'email': 'anna@baltic-apparel.example.com'})
        cls.Lead = cls.env['crm.lead'].with_user(cls.merchandiser)

    def _enquiry(self, **vals):
        vals.setdefault('name', 'Merino base layers AW27')
        vals.setdefault('type', 'opportunity')
        vals.setdefault('partner_id', self.buyer.id)
        vals.setdefault('user_id', self.merchandiser.id)
        return self.Lead.create(vals)


@freeze_time('2026-12-07 09:00:00')
class TestEnquiryToOrder(EnquiryCase):

    def test_quotation_from_enquiry_keeps_samples_stage_and_link(self):
        enquiry = self._enquiry(
            stage_id=self.env.ref('crm.stage_lead3').id, merch_quantity=3000, merch_target_price=9.8,
            merch_season='AW27', merch_ex_factory_date='2027-06-15',
            merch_product_ids=[Command.set(self.product.product_tmpl_id.ids)])
        # A catalogue and a proto sample sent for the enquiry, before any order.
        Sample = self.env['merchandising.sample'].with_user(self.merchandiser)
        samples = Sample.with_context(**enquiry.action_merch_send_sample()['context']).create([
            {'type_id': self.env.ref('merchandising.sample_type_proto').id},
            {'type_id': self.env.ref('merchandising.sample_type_proto').id}])
        self.assertEqual(samples.opportunity_id, enquiry)
        self.assertEqual(samples.partner_id, self.buyer, "the enquiry's buyer receives them")
        self.assertEqual(samples.merchandiser_id, self.merchandiser)
        self.assertEqual(samples.product_id, self.product)
        self.assertEqual(enquiry.merch_sample_count, 2)
        # The quotation made from the enquiry (sale_crm's New Quotation).
        context = enquiry.action_new_quotation()['context']
        quotation = self.env['sale.order'].with_user(self.merchandiser).with_context(**context).create({
            'order_line': [Command.create({'product_id': self.product.id, 'product_uom_qty': 3000})]})
        self.assertEqual(quotation.opportunity_id, enquiry, "the link is kept")
        self.assertEqual(quotation.merch_stage_id, self.stage['quotation_sent'],
                         "the follow-up starts where the enquiry stood (Proposition)")
        self.assertEqual(quotation.ex_factory_date, date(2027, 6, 15))
        self.assertEqual(self._history(quotation).stage_id, self.stage['quotation_sent'])
        self.assertEqual(samples.order_id, quotation, "the enquiry's samples are the quotation's now")
        self.assertEqual(samples.opportunity_id, enquiry)
        # The buyer signs: the order goes on from there, still the enquiry's.
        quotation.with_user(self.merchandiser).action_confirm()
        self.assertEqual(quotation.merch_stage_id, self.stage['order_confirmed'])
        self.assertEqual(quotation.opportunity_id, enquiry)
        self.assertEqual(enquiry.sale_order_count, 1)
        self.assertEqual(quotation.merch_sample_ids, samples)

    def test_new_enquiry_starts_quotation_at_the_first_stage(self):
        enquiry = self._enquiry(stage_id=self.env.ref('crm.stage_lead1').id)
        quotation = self.env['sale.order'].with_user(self.merchandiser).with_context(
            **enquiry.action_new_quotation()['context']).create({})
        self.assertEqual(quotation.merch_stage_id, self.stage['enquiry'])

    def test_sample_of_another_customer_stays_with_the_enquiry(self):
        enquiry = self._enquiry()
        sample = self.env['merchandising.sample'].create({
            'opportunity_id': enquiry.id, 'type_id': self.env.ref('merchandising.sample_type_proto').id})
        other = self.env['res.partner'].create({'name': 'Other buyer', 'is_company': True})
        quotation = self.env['sale.order'].create({'partner_id': other.id, 'opportunity_id': enquiry.id})
        self.assertFalse(sample.order_id, "a sample goes with its own customer's quotation only")
        self.assertTrue(quotation)

    def test_the_buyer_sees_the_enquirys_samples_in_the_portal(self):
        portal = self.env['res.users'].create({
            'name': 'Anna Tamm', 'login': 'test_anna', 'partner_id': self.buyer.id,
            'groups_id': [Command.set(self.env.ref('base.group_portal').ids)]})
        enquiry = self._enquiry()
        sample = self.env['merchandising.sample'].create({
            'opportunity_id': enquiry.id, 'type_id': self.env.ref('merchandising.sample_type_proto').id})
        self.assertEqual(self.env['merchandising.sample'].with_user(portal).search([]), sample)

    def test_lost_reasons_of_an_export_enquiry(self):
        enquiry = self._enquiry()
        reason = self.env.ref('merchandising.lost_reason_moq')
        enquiry.action_set_lost(lost_reason_id=reason.id)
        self.assertFalse(enquiry.active)
        self.assertEqual(enquiry.lost_reason_id.name, 'Quantity below our minimum (MOQ)')


class TestBuyerReplyReminder(EnquiryCase):

    def _reminders(self, enquiry):
        return enquiry.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref('merchandising.mail_activity_type_buyer_reply'))

    def _run_cron(self):
        self.env['crm.lead']._cron_merch_remind_unanswered()
        self.env.invalidate_all()

    def test_a_to_do_when_the_buyer_does_not_answer_for_three_days(self):
        with freeze_time('2026-12-01 10:00:00'):
            enquiry = self._enquiry()
            enquiry.message_post(body="Here is our price list.", message_type='comment',
                                 subtype_xmlid='mail.mt_note')
            self.assertFalse(enquiry.merch_awaiting_reply_since, "an internal note waits for nobody")
            enquiry.with_user(self.merchandiser).message_post(
                body="Dear Anna, please find our offer.", message_type='comment', subtype_xmlid='mail.mt_comment',
                partner_ids=self.buyer.ids)
            self.assertEqual(enquiry.merch_awaiting_reply_since, datetime(2026, 12, 1, 10, 0))
        with freeze_time('2026-12-03 23:00:00'):
            self._run_cron()
            self.assertFalse(self._reminders(enquiry), "2 days and 13 hours: not yet")
        with freeze_time('2026-12-04 10:00:00'):
            self._run_cron()
            reminder = self._reminders(enquiry)
            self.assertEqual(len(reminder), 1)
            self.assertEqual(reminder.user_id, self.merchandiser)
            self.assertEqual(reminder.date_deadline, date(2026, 12, 4))
            self.assertEqual(reminder.summary, "No answer from Baltic Apparel OÜ, Anna Tamm since 2026-12-01")
            self._run_cron()
            self.assertEqual(len(self._reminders(enquiry)), 1, "one reminder at a time")
        with freeze_time('2026-12-05 08:00:00'):
            # The buyer answers by e-mail: the wait ends.
            enquiry.message_post(body="Thanks, we review it.", message_type='email',
                                 subtype_xmlid='mail.mt_comment', author_id=self.buyer.id)
            self.assertFalse(enquiry.merch_awaiting_reply_since)

    def test_the_company_sets_the_days(self):
        self.env.company.merch_reply_reminder_days = 7
        with freeze_time('2026-12-01 10:00:00'):
            enquiry = self._enquiry()
            enquiry.with_user(self.merchandiser).message_post(
                body="Offer", message_type='comment', subtype_xmlid='mail.mt_comment')
        with freeze_time('2026-12-05 10:00:00'):
            self._run_cron()
            self.assertFalse(self._reminders(enquiry))
        with freeze_time('2026-12-08 10:00:00'):
            self._run_cron()
            self.assertTrue(self._reminders(enquiry))
        with self.assertRaisesRegex(ValidationError, 'Buyer Reply Reminder'):
            self.env.company.merch_reply_reminder_days = -1

    def test_won_enquiries_are_not_chased(self):
        with freeze_time('2026-12-01 10:00:00'):
            enquiry = self._enquiry()
            enquiry.with_user(self.merchandiser).message_post(
                body="Offer", message_type='comment', subtype_xmlid='mail.mt_comment')
            enquiry.action_set_won()
        with freeze_time('2026-12-09 10:00:00'):
            self._run_cron()
            self.assertFalse(self._reminders(enquiry))


@freeze_time('2026-12-07 09:00:00')
class TestVisits(EnquiryCase):

    def test_visit_with_agenda_and_follow_up_to_dos(self):
        enquiry = self._enquiry()
        Event = self.env['calendar.event'].with_user(self.merchandiser).with_context(default_merch_is_visit=True)
        visit = Event.create({
            'name': 'Baltic Apparel visits the showroom', 'opportunity_id': enquiry.id,
            'start': '2026-12-10 02:00:00', 'stop': '2026-12-10 06:00:00',
            'partner_ids': [Command.set([self.buyer.id, self.merchandiser.partner_id.id])],
            'categ_ids': [Command.set([self.env.ref('merchandising.calendar_event_type_showroom').id,
                                       self.env.ref('merchandising.calendar_event_type_factory_tour').id])],
            'description': '<p>Anna liked the merino rib.</p>',
            'merch_action_ids': [
                Command.create({'name': 'Send rib swatches', 'date_deadline': '2026-12-12'}),
                Command.create({'name': 'Revise the price for 5,000 pcs', 'user_id': self.other_merchandiser.id,
                                'date_deadline': '2026-12-14'})]})
        self.assertEqual(visit.merch_customer_id, self.customer, "the enquiry's customer company visits")
        first, second = visit.merch_action_ids.sorted('date_deadline')
        self.assertEqual(first.activity_id.res_model, 'crm.lead')
        self.assertEqual(first.activity_id.res_id, enquiry.id)
        self.assertEqual(first.activity_id.user_id, self.merchandiser)
        self.assertEqual(first.activity_id.date_deadline, date(2026, 12, 12))
        self.assertEqual(second.activity_id.user_id, self.other_merchandiser)
        self.assertEqual(second.activity_id.summary, 'Revise the price for 5,000 pcs')
        self.assertEqual((first | second).mapped('state'), ['open', 'open'])
        # The to-do marked done closes the action; a new date moves the to-do.
        first.activity_id.with_user(self.merchandiser).action_feedback(feedback='Sent by DHL')
        self.env.invalidate_all()
        self.assertEqual(first.state, 'done')
        second.date_deadline = '2026-12-15'
        self.assertEqual(second.activity_id.date_deadline, date(2026, 12, 15))
        # The visits register of the customer, from a contact's form too.
        self.assertEqual(self.customer.merch_visit_count, 1)
        self.assertEqual(self.buyer.merch_visit_count, 1)
        action = self.buyer.with_user(self.merchandiser).action_view_merch_visits()
        self.assertEqual(self.env['calendar.event'].with_user(self.merchandiser).search(action['domain']), visit)

    def test_follow_up_action_needs_a_customer(self):
        visit = self.env['calendar.event'].with_user(self.merchandiser).create({
            'name': 'Visit', 'merch_is_visit': True, 'start': '2026-12-10 02:00:00',
            'stop': '2026-12-10 03:00:00'})
        with self.assertRaisesRegex(ValidationError, "Visit 'Visit': set the Visiting Customer"), \
                self.env.cr.savepoint():
            visit.write({'merch_action_ids': [Command.create({'name': 'Send swatches'})]})
        self.env.invalidate_all()
        self.assertFalse(visit.merch_action_ids)

    def test_follow_up_action_on_the_customer_without_enquiry(self):
        visit = self.env['calendar.event'].with_user(self.merchandiser).create({
            'name': 'Quality meeting', 'merch_is_visit': True, 'merch_customer_id': self.customer.id,
            'start': '2026-12-10 02:00:00', 'stop': '2026-12-10 03:00:00',
            'merch_action_ids': [Command.create({'name': 'Send the test reports'})]})
        todo = visit.merch_action_ids.activity_id
        self.assertEqual((todo.res_model, todo.res_id), ('res.partner', self.customer.id))
        visit.merch_action_ids.unlink()
        self.assertFalse(todo.exists(), "a dropped action takes its to-do along")


@freeze_time('2026-12-07 09:00:00')
class TestCustomerRequirements(EnquiryCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Requirement = cls.env['merchandising.customer.requirement']
        cls.label = Requirement.create({
            'partner_id': cls.buyer.id, 'category': 'labelling', 'name': 'Care label in Estonian and English',
            'stage_id': cls.stage['production'].id})
        cls.test_report = Requirement.create({
            'partner_id': cls.customer.id, 'category': 'testing', 'name': 'Colour fastness ISO 105-C06 report',
            'stage_id': cls.stage['shipped'].id})

    def test_requirement_belongs_to_the_customer_company(self):
        self.assertEqual(self.label.partner_id, self.customer)

    def test_order_lists_its_customers_requirements_and_they_gate_its_stages(self):
        order = self._order(self.merchandiser)
        order.action_confirm()
        self._approve_samples(order)
        Order = order.with_user(self.merchandiser)
        self.assertEqual(order.merch_requirement_check_ids.requirement_id, self.label | self.test_report)
        with self.assertRaises(UserError) as refused:
            Order.merch_stage_id = self.stage['production']
        message = str(refused.exception)
        self.assertIn("check the customer's requirement 'Care label in Estonian and English' (Labelling)", message)
        self.assertIn("due before 'Production'", message)
        self.assertNotIn('Colour fastness', message, "not due before Production")
        self.assertEqual(order.merch_stage_id, self.stage['order_confirmed'], "nothing moved")
        check = Order.merch_requirement_check_ids.filtered(lambda line: line.requirement_id == self.label)
        check.write({'checked': True, 'note': 'Label proof approved by e-mail'})
        self.assertEqual(check.checked_by_id, self.merchandiser)
        self.assertEqual(check.checked_date, datetime(2026, 12, 7, 9, 0))
        Order.merch_stage_id = self.stage['production']
        self.assertEqual(order.merch_stage_id, self.stage['production'])

    def test_a_new_requirement_reaches_the_orders_under_way(self):
        order = self._order(self.merchandiser)
        packing = self.env['merchandising.customer.requirement'].with_user(self.merchandiser).create({
            'partner_id': self.customer.id, 'category': 'packing', 'name': '6 pieces a carton, no hangers',
            'stage_id': self.stage['booking_customs'].id})
        self.assertIn(packing, order.merch_requirement_check_ids.requirement_id)

    def test_the_salesperson_reads_the_checklist_but_does_not_tick_it(self):
        order = self._order(self.merchandiser)
        check = order.merch_requirement_check_ids[:1].with_user(self.salesperson)
        self.assertTrue(check.requirement_id.name)
        with self.assertRaises(AccessError):
            check.checked = True

    def test_the_approved_samples_library(self):
        order = self._order(self.merchandiser)
        order.action_confirm()
        approved = self._approve_samples(order, 'pp')
        action = self.customer.with_user(self.merchandiser).action_view_merch_sample_library()
        self.assertEqual(self.env['merchandising.sample'].with_user(self.merchandiser).search(action['domain']),
                         approved)
        self.assertEqual(self.buyer.merch_approved_sample_count, 1)


@freeze_time('2026-12-07 09:00:00')
class TestEnquiryCockpit(EnquiryCase):

    def _tile(self, kind):
        self.env.invalidate_all()
        return self.env['merchandising.cockpit.tile'].with_user(self.merchandiser).search([('kind', '=', kind)])

    def test_open_and_waiting_enquiries(self):
        with freeze_time('2026-12-01 09:00:00'):
            waiting = self._enquiry(name='Waiting')
            waiting.with_user(self.merchandiser).message_post(
                body="Offer", message_type='comment', subtype_xmlid='mail.mt_comment')
        self._enquiry(name='Fresh')
        self.env['crm.lead'].create({'name': 'Theirs', 'type': 'opportunity', 'partner_id': self.buyer.id,
                                     'user_id': self.other_merchandiser.id})
        self.assertEqual(self._tile('enquiries').value, '2')
        tile = self._tile('enquiries_waiting')
        self.assertEqual((tile.value, tile.detail, tile.alert), ('1', 'the oldest waits for 6 days', True))
        action = tile.action_open()
        self.assertEqual(self.env['crm.lead'].with_user(self.merchandiser).search(action['domain']), waiting)

    def test_time_split_between_prospects_and_customers(self):
        prospect = self.env['res.partner'].create({'name': 'New Buyer GmbH', 'is_company': True})
        on_prospect = self._enquiry(partner_id=prospect.id)
        on_customer = self._enquiry()
        self._order().action_confirm()  # Baltic Apparel is a customer
        for enquiry in (on_prospect, on_prospect, on_prospect, on_customer):
            enquiry.with_user(self.merchandiser).activity_schedule(
                'mail.mail_activity_data_todo', user_id=self.merchandiser.id).action_feedback(feedback='done')
        tile = self._tile('time_split')
        self.assertEqual(tile.value, '75 %')
        self.assertEqual(tile.detail, 'on prospects: 3 of 4 activities done this month')
