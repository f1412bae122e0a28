"""Every state machine of the addon moves with the state mixin: from each of
its states, every step its table allows moves (through ``_move_to``, the
buttons' path), every other step is refused with the one message shape, and
no step at all is taken by a write, an import row or an XML-RPC call. The
tables are written here as the merchandiser knows them, and compared with
the models' own."""
from datetime import timedelta
from xmlrpc.client import Fault

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, get_db_name
from odoo.tools import SQL, mute_logger

from merchandising_case import OutsideAddon

TABLES = {
    'merchandising.sample': {
        'draft': {'requested', 'cancel'},
        'requested': {'in_progress', 'cancel'},
        'in_progress': {'sent', 'cancel'},
        'sent': {'received', 'cancel'},
        'received': {'approved', 'rejected', 'cancel'},
        'approved': set(), 'rejected': set(), 'cancel': set(),
    },
    'merchandising.milestone': {
        'pending': {'late', 'done', 'skipped'},
        'late': {'pending', 'done', 'skipped'},
        'done': {'pending'},
        'skipped': {'pending'},
    },
    'merchandising.shipping.document': {
        'missing': {'received'},
        'received': {'approved', 'missing'},
        'approved': {'received'},
    },
    'merchandising.costing': {
        'draft': {'applied', 'superseded'},
        'applied': {'superseded'},
        'superseded': set(),
    },
    'sale.order': {
        'none': {'prepared'},
        'prepared': {'declared'},
        'declared': {'released'},
        'released': {'closed'},
        'closed': set(),
    },
}


class TestStateMachines(OutsideAddon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nolog=True, no_reset_password=True))
        cls.user = cls.env['res.users'].create({
            'name': 'Chen Jing', 'login': 'states_merch', 'password': 'states_merch_pw',
            'email': 'states_merch@example.com',
            'groups_id': [Command.set([cls.env.ref('merchandising.group_merchandiser').id])]})
        customer = cls.env['res.partner'].create({'name': 'Baltic Apparel OÜ', 'is_company': True})
        product = cls.env['product.product'].create({
            'name': 'Merino base layer', 'type': 'consu', 'is_storable': True, 'list_price': 21.0})
        cls.order = cls.env['sale.order'].create({
            'partner_id': customer.id, 'merchandiser_id': cls.user.id,
            'ex_factory_date': fields.Date.today() + timedelta(days=90),
            'merch_declaration_no': '310420260000917345',
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 500, 'price_unit': 20.5})],
        })
        cls.order.action_confirm()
        cls.records = {
            'merchandising.sample': cls.env['merchandising.sample'].create({
                'order_id': cls.order.id, 'type_id': cls.env.ref('merchandising.sample_type_pp').id}),
            'merchandising.milestone': cls.order.merch_milestone_ids.sorted('sequence')[:1],
            'merchandising.shipping.document': cls.order.merch_document_ids[:1],
            'merchandising.costing': cls.env['merchandising.costing'].create(
                {'product_id': product.id, 'quantity': 500}),
            'sale.order': cls.order,
        }

    def _put(self, record, state):
        # The test's own set-up of where a record stands, below the ORM.
        self.env.cr.execute(SQL("UPDATE %s SET %s = %s WHERE id = %s", SQL.identifier(record._table),
                                SQL.identifier(record._state_field), state, record.id))
        record.invalidate_recordset()

    def _state(self, record):
        record.invalidate_recordset()
        return record.sudo()[record._state_field]

    def _steps(self, model):
        for before, allowed in TABLES[model].items():
            for after in TABLES[model]:
                if after != before:
                    yield before, after, after in allowed

    def test_the_tables_are_the_models(self):
        for model, table in TABLES.items():
            record = self.records[model]
            self.assertTrue(record, model)
            states = {key for key, dummy in record._fields[record._state_field]._description_selection(self.env)}
            self.assertEqual(set(table), states, model)
            self.assertEqual({state: set(record._state_transitions.get(state, ())) for state in table}, table, model)

    def test_every_allowed_step_moves_and_every_other_is_refused(self):
        for model in TABLES:
            record = self.records[model].with_user(self.user)
            labels = dict(record._fields[record._state_field]._description_selection(self.env))
            for before, after, allowed in self._steps(model):
                with self.subTest(model=model, step='%s → %s' % (before, after)):
                    self._put(record, before)
                    if allowed:
                        record._move_to(after)
                        self.assertEqual(self._state(record), after)
                    else:
                        with self.assertRaises(UserError) as caught:
                            record._move_to(after)
                        self.assertIn('is %s, it cannot become %s.' % (labels[before], labels[after]),
                                      str(caught.exception))
                        self.assertEqual(self._state(record), before)

    @mute_logger('odoo.sql_db', 'odoo.models')
    def test_no_step_is_taken_by_a_write_or_an_import(self):
        for model in TABLES:
            record = self.records[model].with_user(self.user)
            fname = record._state_field
            for before, after, dummy in self._steps(model):
                with self.subTest(model=model, step='%s → %s' % (before, after)):
                    self._put(record, before)
                    with self.assertRaisesRegex(UserError, 'cannot be set directly'):
                        record.write({fname: after})
                    result = record.load(['.id', fname], [[str(record.id), after]])
                    self.assertFalse(result['ids'])
                    self.assertIn('cannot be set directly', result['messages'][0]['message'])
                    self.assertEqual(self._state(record), before)

    @mute_logger('odoo.sql_db', 'odoo.models', 'odoo.http')
    def test_no_step_is_taken_over_xmlrpc(self):
        for model in TABLES:
            record = self.records[model]
            for before, after, dummy in self._steps(model):
                with self.subTest(model=model, step='%s → %s' % (before, after)):
                    self._put(record, before)
                    with self.assertRaises(Fault) as caught:
                        self.xmlrpc_object.execute_kw(
                            get_db_name(), self.user.id, 'states_merch_pw', model, 'write',
                            [[record.id], {record._state_field: after}])
                    self.assertIn('cannot be set directly', caught.exception.faultString)
                    self.assertEqual(self._state(record), before)
