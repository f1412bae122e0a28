"""The promise to the customer: a confirmed order's Delivery Date moves only
through New Delivery Date Agreed (who asked, why, the buyer's e-mail), kept
on the order and in its chatter; a plain write, an import or an API call
with any context is refused, for every user; after the last delivery only a
manager corrects it. The on-time report measures each shipment against the
first promise and against the agreed one."""
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from merchandising_case import MerchandisingCase

PROMISED = '2026-06-10 02:00:00'
# What a client could send to slip past a check.
CONTEXTS = ({}, {'tracking_disable': True}, {'install_mode': True}, {'import_file': True},
            {'merch_promise': True}, {'active_test': False})


@freeze_time('2026-06-01 09:00:00')
class TestPromise(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = 'Asia/Shanghai'
        cls.portal = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Baltic buyer', 'login': 'test_promise_buyer', 'email': 'buyer@baltic.example.com',
            'groups_id': [Command.set([cls.env.ref('base.group_portal').id])],
            'partner_id': cls.env['res.partner'].create({
                'name': 'Baltic buyer', 'parent_id': cls.customer.id}).id})

    def setUp(self):
        super().setUp()
        self.order = self._order(self.merchandiser, commitment_date=PROMISED, ex_factory_date='2026-06-08')
        self.order.message_subscribe(partner_ids=self.portal.partner_id.ids)
        self.order.action_confirm()

    def _agree(self, user, new_date, requested_by='customer', reason='Store launch moved', **values):
        wizard = self.env['merchandising.promise.wizard'].with_user(user).create(dict(
            order_id=self.order.id, new_date=new_date, requested_by=requested_by, reason=reason, **values))
        return wizard.action_agree()

    def test_confirmation_keeps_the_first_promise(self):
        self.assertEqual(self.order.merch_first_commitment_date, datetime(2026, 6, 10, 2))
        self.assertFalse(self.order.merch_promise_ids)

    def test_a_confirmed_promise_is_not_written_by_anyone_whatever_the_context(self):
        users = {'merchandiser': self.merchandiser, 'manager': self.manager, 'salesperson': self.salesperson}
        for who, user in users.items():
            for context in CONTEXTS:
                with self.subTest(who=who, context=context):
                    order = self.order.with_user(user).with_context(**context)
                    with self.assertRaisesRegex(UserError, '%s is confirmed: its Delivery Date .* New Delivery '
                                                'Date Agreed' % self.order.name):
                        order.write({'commitment_date': '2026-07-10 02:00:00'})
                    with self.assertRaisesRegex(UserError, 'First Promised Date cannot be set directly'):
                        order.write({'merch_first_commitment_date': '2026-07-10 02:00:00'})
        # Cleared: the same.
        with self.assertRaisesRegex(UserError, 'New Delivery Date Agreed'):
            self.order.with_user(self.merchandiser).commitment_date = False
        # Written as it is (an exported file imported back): nothing changes, it passes.
        self.order.with_user(self.merchandiser).write({'commitment_date': PROMISED})
        # Nor the customer, who follows the order in the portal.
        with self.assertRaises(UserError):  # an AccessError is one too
            self.order.with_user(self.portal).write({'commitment_date': '2026-07-10 02:00:00'})
        self.env.invalidate_all()
        self.assertEqual(self.order.commitment_date, datetime(2026, 6, 10, 2))
        self.assertFalse(self.order.merch_promise_ids)

    def test_an_import_of_a_new_promise_is_refused_and_changes_nothing(self):
        external_id = self.order.export_data(['id'])['datas'][0][0]
        for user in (self.merchandiser, self.manager, self.salesperson):
            result = self.order.with_user(user).load(['id', 'commitment_date'], [[external_id, '2026-07-10 10:00:00']])
            self.assertFalse(result['ids'], user.login)
            self.assertIn('New Delivery Date Agreed', result['messages'][0]['message'])
            self.env.invalidate_all()
            self.assertEqual(self.order.commitment_date, datetime(2026, 6, 10, 2))

    def test_a_quotation_promise_is_free_until_confirmed(self):
        quotation = self._order(self.merchandiser, commitment_date=PROMISED)
        quotation.with_user(self.salesperson).commitment_date = '2026-06-20 02:00:00'
        self.assertEqual(quotation.commitment_date, datetime(2026, 6, 20, 2))
        with self.assertRaisesRegex(UserError, 'First Promised Date cannot be set'):
            self._order(self.merchandiser, merch_first_commitment_date=PROMISED)

    def test_new_delivery_date_agreed_moves_the_promise_and_keeps_the_record(self):
        action = self.order.with_user(self.merchandiser).action_merch_agree_promise()
        self.assertEqual((action['res_model'], action['context']['default_order_id']),
                         ('merchandising.promise.wizard', self.order.id))
        self._agree(self.merchandiser, '2026-06-24 02:00:00', reason='Store launch moved by two weeks',
                    attachment=b'RnJvbTogYnV5ZXI=', attachment_name='buyer.eml')
        self.assertEqual(self.order.commitment_date, datetime(2026, 6, 24, 2))
        self.assertEqual(self.order.merch_first_commitment_date, datetime(2026, 6, 10, 2))
        promise = self.order.merch_promise_ids
        self.assertEqual((promise.old_date, promise.new_date, promise.requested_by, promise.reason,
                          promise.create_uid, promise.is_correction),
                         (datetime(2026, 6, 10, 2), datetime(2026, 6, 24, 2), 'customer',
                          'Store launch moved by two weeks', self.merchandiser, False))
        self.assertEqual((promise.attachment_id.name, promise.attachment_id.raw), ('buyer.eml', b'From: buyer'))
        note = self.order.message_ids[0]
        self.assertIn('New delivery date agreed', note.body)
        self.assertIn('Store launch moved by two weeks', note.body)
        self.assertEqual(note.attachment_ids, promise.attachment_id)
        self.assertEqual(note.author_id, self.merchandiser.partner_id)
        # The salesperson agrees the next one (our delay); both are kept.
        self._agree(self.salesperson, '2026-06-30 02:00:00', requested_by='us', reason='Fabric late')
        self.assertEqual(self.order.merch_promise_ids.mapped('requested_by'), ['customer', 'us'])
        self.assertEqual(self.order.merch_first_commitment_date, datetime(2026, 6, 10, 2))
        # Who reaches the order reads the log; nobody writes it.
        log = self.order.merch_promise_ids.with_user(self.salesperson)
        self.assertEqual(len(log.read(['reason'])), 2)
        with self.assertRaises(AccessError):
            log.write({'reason': 'Nothing happened'})
        with self.assertRaises(AccessError):
            log.unlink()
        with self.assertRaises(AccessError):
            self.order.merch_promise_ids.with_user(self.portal).read(['reason'])

    def test_bad_new_promises_are_refused_and_nothing_is_saved(self):
        cases = [
            ({'reason': '  '}, ValidationError, 'say why the delivery date changes'),
            ({'new_date': '2026-05-30 02:00:00'}, ValidationError, 'is in the past'),
            ({'new_date': PROMISED}, ValidationError, 'is already promised'),
        ]
        for values, error, message in cases:
            with self.subTest(values=values):
                with self.assertRaisesRegex(error, '%s:? .*%s' % (self.order.name, message)):
                    self.order.with_user(self.merchandiser)._merch_agree_promise(
                        values.get('new_date', '2026-06-20 02:00:00'), 'customer', values.get('reason', 'Why'))
        # The form asks for the reason itself.
        with self.assertRaises(AssertionError):
            with Form(self.env['merchandising.promise.wizard'].with_user(self.merchandiser).with_context(
                    default_order_id=self.order.id)) as form:
                form.new_date = datetime(2026, 6, 20, 2)
        self.order._action_cancel()
        with self.assertRaisesRegex(UserError, '%s is cancelled' % self.order.name):
            self._agree(self.merchandiser, '2026-06-20 02:00:00')
        self.assertEqual(self.order.commitment_date, datetime(2026, 6, 10, 2))
        self.assertFalse(self.order.merch_promise_ids)

    def test_after_the_last_delivery_only_a_manager_corrects_the_promise(self):
        self.order.merch_ship_date = '2026-05-31'
        with self.assertRaisesRegex(UserError, 'shipped on .*frozen.*merchandising manager'):
            self._agree(self.merchandiser, '2026-06-20 02:00:00')
        # Even in the past: it corrects what the shipment is measured against.
        self._agree(self.manager, '2026-05-20 02:00:00', requested_by='us', reason='Entered wrong at confirmation')
        self.assertEqual((self.order.commitment_date, self.order.merch_promise_ids.is_correction),
                         (datetime(2026, 5, 20, 2), True))
        self.assertIn('corrected after shipment', self.order.message_ids[0].body)

    def test_a_shipment_measured_against_the_first_and_the_agreed_promise(self):
        self._agree(self.merchandiser, '2026-06-20 02:00:00', reason='Buyer moved the launch')
        on_time = self._order(self.merchandiser, commitment_date='2026-06-30 02:00:00', ex_factory_date='2026-06-25')
        on_time.action_confirm()
        with freeze_time('2026-06-15 09:00:00'):
            (self.order | on_time).write({'merch_ship_date': '2026-06-15'})
        report = self.env['merchandising.otd.report']
        row = report.search([('order_id', '=', self.order.id)])
        self.assertEqual((row.first_promised_date, row.promised_date, row.ship_date), (
            date(2026, 6, 10), date(2026, 6, 20), date(2026, 6, 15)))
        self.assertEqual((row.days_late_first, row.on_time_first, row.days_late, row.on_time), (5, False, -5, True))
        with freeze_time('2026-06-16'):
            rates = report._rates('merchandiser_id', self.merchandiser.ids)
            self.assertEqual(rates[self.merchandiser.id], (100.0, 50.0, 2))
            self.merchandiser.invalidate_recordset()
            self.assertEqual((self.merchandiser.merch_otd_rate, self.merchandiser.merch_otd_first_rate), (100.0, 50.0))
            self.assertEqual((self.customer.merch_otd_rate, self.customer.merch_otd_first_rate), (100.0, 50.0))
        [group] = report.read_group([('order_id', 'in', (self.order | on_time).ids)],
                                    ['on_time_rate:avg', 'on_time_first_rate:avg'], [])
        self.assertEqual((group['on_time_rate'], group['on_time_first_rate']), (100.0, 50.0))
