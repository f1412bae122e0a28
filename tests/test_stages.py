"""The follow-up pipeline as a merchandiser uses it: new orders, moving cards,
the history of stages, the gate on closing stages, confirmation."""
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form

from customs_case import CustomsCase
from merchandising_case import MerchandisingCase


class TestNewOrders(MerchandisingCase):

    def test_new_quotation_starts_in_the_first_stage(self):
        order = self._order()
        self.assertEqual(order.merch_stage_id, self.stage['enquiry'])
        self.assertTrue(order.merch_stage_date)
        history = self._history(order)
        self.assertEqual(len(history), 1)
        self.assertEqual(history.stage_id, self.stage['enquiry'])
        self.assertFalse(history.date_out)

    def test_merchandiser_defaults_to_the_salesperson(self):
        order = self._order()
        self.assertEqual(order.merchandiser_id, self.salesperson)
        order = self._order(merchandiser=self.merchandiser)
        self.assertEqual(order.merchandiser_id, self.merchandiser)

    def test_merchandiser_defaults_to_the_creating_user_as_salesperson(self):
        order = self.env['sale.order'].with_user(self.merchandiser).create({'partner_id': self.customer.id})
        self.assertEqual(order.user_id, self.merchandiser)
        self.assertEqual(order.merchandiser_id, self.merchandiser)

    def test_the_form_fills_the_merchandiser_from_the_salesperson(self):
        form = Form(self.env['sale.order'])
        form.partner_id = self.customer
        form.user_id = self.salesperson
        self.assertEqual(form.merchandiser_id, self.salesperson)
        form.user_id = self.other_merchandiser
        self.assertEqual(form.merchandiser_id, self.other_merchandiser)
        order = form.save()
        # Once the order is saved, its merchandiser is its own.
        form = Form(order)
        form.user_id = self.salesperson
        self.assertEqual(form.merchandiser_id, self.other_merchandiser)
        form.merchandiser_id = self.env['res.users']
        form.user_id = self.merchandiser
        self.assertEqual(form.merchandiser_id, self.merchandiser)

    def test_the_merchandiser_follows_the_order(self):
        order = self._order(merchandiser=self.merchandiser)
        self.assertIn(self.merchandiser.partner_id, order.message_partner_ids)
        order.merchandiser_id = self.other_merchandiser
        self.assertIn(self.other_merchandiser.partner_id, order.message_partner_ids)

    def test_a_copied_order_starts_over(self):
        order = self._order()
        order.merch_stage_id = self.stage['sampling']
        copy = order.copy()
        self.assertEqual(copy.merch_stage_id, self.stage['enquiry'])
        self.assertEqual(len(copy.merch_stage_history_ids), 1)
        self.assertEqual(len(order.merch_stage_history_ids), 2)


class TestStageChanges(MerchandisingCase):

    def test_drag_and_drop_moves_the_order_and_logs_it(self):
        # The kanban's drag and drop and the statusbar both write the stage.
        order = self._order(merchandiser=self.merchandiser)
        order.with_user(self.merchandiser).write({'merch_stage_id': self.stage['quotation_sent'].id})
        self.assertEqual(order.merch_stage_id, self.stage['quotation_sent'])
        first, second = self._history(order)
        self.assertEqual(first.stage_id, self.stage['enquiry'])
        self.assertEqual(first.date_out, second.date_in)
        self.assertEqual(second.stage_id, self.stage['quotation_sent'])
        self.assertFalse(second.date_out)
        self.assertEqual(second.user_id, self.merchandiser)
        self.assertEqual(order.merch_stage_date, second.date_in)

    def test_stage_change_is_tracked_in_the_chatter(self):
        order = self._order(merchandiser=self.merchandiser)
        self._flush_tracking()
        order.with_user(self.merchandiser).write({'merch_stage_id': self.stage['sampling'].id})
        self._flush_tracking()
        message = order.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref('merchandising.mt_order_merch_stage'))
        self.assertEqual(len(message), 1)
        tracking = message.tracking_value_ids.filtered(lambda value: value.field_id.name == 'merch_stage_id')
        self.assertEqual(tracking.old_value_char, 'Enquiry')
        self.assertEqual(tracking.new_value_char, 'Sampling')

    def test_the_customer_is_not_told_of_internal_stages(self):
        # The pipeline is the company's own: a customer following the order
        # is not notified of a stage change (the stage's e-mail template, when
        # a manager sets one, is what tells them); the salesperson is.
        order = self._order(merchandiser=self.merchandiser)
        order.message_subscribe(partner_ids=self.customer.ids)
        self._flush_tracking()
        order.with_user(self.merchandiser).write({'merch_stage_id': self.stage['sampling'].id})
        self._flush_tracking()
        message = order.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref('merchandising.mt_order_merch_stage'))
        self.assertTrue(message)
        self.assertIn(self.salesperson.partner_id, message.notified_partner_ids)
        self.assertNotIn(self.customer, message.notified_partner_ids)

    def test_button_and_api_move_through_the_same_method(self):
        order = self._order(merchandiser=self.merchandiser)
        order.with_user(self.merchandiser).action_merch_set_stage(self.stage['sampling'].id)
        self.assertEqual(order.merch_stage_id, self.stage['sampling'])
        self.assertEqual(self._history(order).stage_id, self.stage['enquiry'] | self.stage['sampling'])

    def test_import_moves_the_order_and_logs_it(self):
        order = self._order(merchandiser=self.merchandiser)
        result = self.env['sale.order'].with_user(self.merchandiser).load(
            ['.id', 'merch_stage_id/id'], [[str(order.id), 'merchandising.stage_sampling']])
        self.assertFalse(result['messages'])
        self.assertEqual(order.merch_stage_id, self.stage['sampling'])
        self.assertEqual(len(order.merch_stage_history_ids), 2)

    def test_writing_the_same_stage_adds_no_history(self):
        order = self._order()
        stage_date = order.merch_stage_date
        order.write({'merch_stage_id': self.stage['enquiry'].id, 'client_order_ref': 'PO-7781'})
        self.assertEqual(len(order.merch_stage_history_ids), 1)
        self.assertEqual(order.merch_stage_date, stage_date)
        self.assertEqual(order.client_order_ref, 'PO-7781')

    def test_moving_several_orders_logs_only_those_that_move(self):
        staying = self._order()
        staying.merch_stage_id = self.stage['sampling']
        moving = self._order()
        (staying | moving).write({'merch_stage_id': self.stage['sampling'].id})
        self.assertEqual(len(staying.merch_stage_history_ids), 2)
        self.assertEqual(len(moving.merch_stage_history_ids), 2)

    def test_every_stage_shows_as_a_kanban_column(self):
        self._order(merchandiser=self.merchandiser)
        groups = self.env['sale.order'].with_user(self.merchandiser).web_read_group(
            [('merchandiser_id', '=', self.merchandiser.id)], ['merch_stage_id'], ['merch_stage_id'])['groups']
        columns = [group['merch_stage_id'][0] for group in groups]
        self.assertEqual(columns, [stage.id for stage in self.stage.values()])
        counts = {group['merch_stage_id'][0]: group['merch_stage_id_count'] for group in groups}
        self.assertEqual(counts[self.stage['enquiry'].id], 1)
        self.assertEqual(counts[self.stage['production'].id], 0)


class TestStageHistoryDurations(MerchandisingCase):

    def test_durations_and_days_in_stage(self):
        with freeze_time('2026-03-02 02:00:00'):
            order = self._order()
        with freeze_time('2026-03-05 02:00:00'):
            order.merch_stage_id = self.stage['quotation_sent']
        with freeze_time('2026-03-12 14:00:00'):
            order.merch_stage_id = self.stage['sampling']
        with freeze_time('2026-03-20 02:00:00'):
            self.env.invalidate_all()
            enquiry, quotation, sampling = self._history(order)
            self.assertEqual(enquiry.date_in, datetime(2026, 3, 2, 2))
            self.assertEqual(enquiry.date_out, datetime(2026, 3, 5, 2))
            self.assertAlmostEqual(enquiry.duration_days, 3.0)
            self.assertAlmostEqual(quotation.duration_days, 7.5)
            # The current stage counts until now.
            self.assertAlmostEqual(sampling.duration_days, 7.5)
            self.assertEqual(order.merch_stage_date, datetime(2026, 3, 12, 14))
            self.assertEqual(order.with_context(tz='UTC').merch_days_in_stage, 8)

    def test_days_in_stage_counts_calendar_days_in_the_users_timezone(self):
        # 23:30 UTC on 12 March is already 13 March in Shanghai.
        with freeze_time('2026-03-12 23:30:00'):
            order = self._order()
        with freeze_time('2026-03-13 10:00:00'):
            self.env.invalidate_all()
            self.assertEqual(order.with_context(tz='Asia/Shanghai').merch_days_in_stage, 0)
            self.env.invalidate_all()
            self.assertEqual(order.with_context(tz='UTC').merch_days_in_stage, 1)

    def test_history_survives_cancellation(self):
        order = self._order()
        order.merch_stage_id = self.stage['sampling']
        order.action_confirm()
        history_before = order.merch_stage_history_ids
        order._action_cancel()
        self.assertEqual(order.state, 'cancel')
        self.assertEqual(order.merch_stage_id, self.stage['order_confirmed'])
        self.assertEqual(order.merch_stage_history_ids, history_before)
        self.assertEqual(len(history_before), 3)
        order.action_draft()
        self.assertEqual(order.merch_stage_history_ids, history_before)


class TestGates(CustomsCase, MerchandisingCase):
    """The core's gate (a closing stage needs a confirmed order), with the
    features' gates met the way the merchandiser meets them (``_ship``)."""

    def test_a_quotation_cannot_enter_a_closing_stage(self):
        order = self._order(merchandiser=self.merchandiser)
        with self.assertRaises(UserError) as error:
            order.with_user(self.merchandiser).write({'merch_stage_id': self.stage['closed'].id})
        message = str(error.exception)
        self.assertIn(order.name, message)
        self.assertIn('Closed', message)
        self.assertIn('confirm it', message)
        self.assertEqual(order.merch_stage_id, self.stage['enquiry'])
        self.assertEqual(len(order.merch_stage_history_ids), 1)

    def test_the_gate_applies_to_shipped_too_and_not_to_open_stages(self):
        order = self._order()
        self._approve_samples(order)
        with self.assertRaises(UserError) as error:
            order.merch_stage_id = self.stage['shipped']
        self.assertIn('confirm it', str(error.exception))
        order.merch_stage_id = self.stage['production']
        self.assertEqual(order.merch_stage_id, self.stage['production'])

    def test_a_confirmed_order_may_close_once_shipped(self):
        order = self._order()
        order.action_confirm()
        with self.assertRaises(UserError) as error:
            order.merch_stage_id = self.stage['closed']
        # Confirmed, it still waits for the samples and for customs.
        message = str(error.exception)
        self.assertNotIn('confirm it', message)
        self.assertIn('no Shipping sample yet', message)
        self.assertIn('customs have not released', message)
        self._ship(order)
        order.merch_stage_id = self.stage['closed']
        self.assertEqual(order.merch_stage_id, self.stage['closed'])

    def test_one_refused_order_stops_the_whole_move(self):
        confirmed = self._order()
        confirmed.action_confirm()
        self._ship(confirmed)
        quotation = self._order()
        self._approve_samples(quotation)
        with self.assertRaises(UserError) as error:
            (confirmed | quotation).write({'merch_stage_id': self.stage['shipped'].id})
        self.assertIn(quotation.name, str(error.exception))
        self.assertNotIn(confirmed.name, str(error.exception))
        self.assertEqual(confirmed.merch_stage_id, self.stage['order_confirmed'])
        self.assertEqual(len(confirmed.merch_stage_history_ids), 2)

    def test_a_quotation_cannot_be_created_in_a_closing_stage(self):
        with self.assertRaises(UserError):
            self._order(merch_stage_id=self.stage['closed'].id)


class TestConfirmation(MerchandisingCase):

    def test_confirming_moves_an_early_order_to_order_confirmed(self):
        order = self._order(merchandiser=self.merchandiser)
        order.merch_stage_id = self.stage['sampling']
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.merch_stage_id, self.stage['order_confirmed'])
        self.assertEqual(self._history(order)[-1].stage_id, self.stage['order_confirmed'])

    def test_confirming_is_one_line_in_the_chatter(self):
        # Whoever follows the order reads one line: confirmed, and the stage
        # it entered with it (not a second line for the stage). (Planned for
        # next year: a plan born late would be warned of, a second line.)
        order = self._order(merchandiser=self.merchandiser, ex_factory_date=date.today() + timedelta(days=365))
        self._flush_tracking()
        before = order.message_ids
        order.action_confirm()
        self._flush_tracking()
        new = order.message_ids - before
        self.assertEqual(len(new), 1)
        self.assertEqual(new.subtype_id, self.env.ref('sale.mt_order_confirmed'))
        changes = {value.field_id.name: value.new_value_char for value in new.tracking_value_ids}
        self.assertEqual(changes['state'], 'Sales Order')
        self.assertEqual(changes['merch_stage_id'], self.stage['order_confirmed'].name)

    def test_confirming_leaves_a_later_order_where_it_is(self):
        order = self._order()
        self._approve_samples(order, 'pp')
        order.merch_stage_id = self.stage['production']
        order.action_confirm()
        self.assertEqual(order.merch_stage_id, self.stage['production'])
        self.assertEqual(len(order.merch_stage_history_ids), 2)

    def test_the_confirmation_stage_is_configurable(self):
        self.stage['order_confirmed'].is_confirmation_stage = False
        self.stage['materials'].is_confirmation_stage = True
        order = self._order()
        order.action_confirm()
        self.assertEqual(order.merch_stage_id, self.stage['materials'])


class TestStageEmails(MerchandisingCase):

    def test_entering_a_stage_emails_the_customer_when_the_stage_says_so(self):
        template = self.env['mail.template'].create({
            'name': 'Your order is on its way',
            'model_id': self.env.ref('sale.model_sale_order').id,
            'subject': 'Order {{ object.name }} is in production',
            'partner_to': '{{ object.partner_id.id }}',
            'body_html': '<p>Your goods are being made.</p>',
            'auto_delete': False})
        self.stage['materials'].mail_template_id = template
        order = self._order()
        self._flush_tracking()
        order.merch_stage_id = self.stage['materials']
        self._flush_tracking()
        mails = self.env['mail.mail'].search([('model', '=', 'sale.order'), ('res_id', '=', order.id),
                                              ('subject', '=', 'Order %s is in production' % order.name)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.customer)


class TestOrdersFromBeforeTheAddon(MerchandisingCase):

    def _as_before_install(self, order):
        self._flush_tracking()
        self.env.cr.execute("DELETE FROM merchandising_stage_history WHERE order_id = %s", [order.id])
        self.env.cr.execute("UPDATE sale_order SET merch_stage_id = NULL WHERE id = %s", [order.id])
        self.env.invalidate_all()

    def test_installing_places_existing_orders_in_the_pipeline(self):
        from odoo.addons.merchandising.hooks import place_existing_orders
        quotation = self._order(date_order='2026-01-05 08:00:00')
        confirmed = self._order()
        confirmed.action_confirm()
        confirmed.date_order = '2026-01-09 10:00:00'
        followed = self._order(merchandiser=self.merchandiser)
        for order in (quotation, confirmed):
            self._as_before_install(order)
        history_of_followed = followed.merch_stage_history_ids
        place_existing_orders(self.env)
        self.assertEqual(quotation.merch_stage_id, self.stage['enquiry'])
        self.assertEqual(quotation.merchandiser_id, self.salesperson)
        self.assertEqual(confirmed.merch_stage_id, self.stage['order_confirmed'])
        self.assertEqual(confirmed.merch_stage_date, datetime(2026, 1, 9, 10))
        self.assertEqual(confirmed.merch_stage_history_ids.mapped('date_in'), [datetime(2026, 1, 9, 10)])
        self.assertEqual(quotation.merch_stage_history_ids.stage_id, self.stage['enquiry'])
        # Orders that already have a history keep it as it is.
        self.assertEqual(followed.merch_stage_history_ids, history_of_followed)
        self.assertEqual(followed.merchandiser_id, self.merchandiser)
