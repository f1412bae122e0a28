"""The guarded fields (the state mixin's ``_guarded_fields`` of every model
using ``merchandising.state.mixin``) move only
through their transition methods, whatever a client sends: a plain write, an
import row or an XML-RPC call, with every context key the addon's code reads,
as a merchandiser, a manager, a salesperson or a portal customer, is refused
and changes nothing; the buttons still work. The fields come from the models
themselves, so that a field added to a model's list is tested here at once,
and a state field of the addon left out of it fails a test."""
import ast
import pathlib
from datetime import timedelta
from xmlrpc.client import Fault

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, get_db_name
from odoo.tools import mute_logger

from merchandising_case import OutsideAddon

ADDON = pathlib.Path(__file__).resolve().parents[1] / 'merchandising'

# For each guarded field: the value its own path would give it next from the
# record this test makes (so that what refuses it is the guard, not the
# transition table), and the value to create a record with past the first.
NEXT_VALUE = {
    ('merchandising.sample', 'state'): ('received', 'approved'),
    ('merchandising.milestone', 'state'): ('done', 'done'),
    ('merchandising.milestone', 'planned_date'): ('+5', None),
    ('merchandising.shipping.document', 'state'): ('received', 'approved'),
    ('sale.order', 'merch_customs_state'): ('prepared', 'released'),
    ('merchandising.costing', 'state'): ('applied', 'applied'),
    ('sale.order', 'merch_first_commitment_date'): ('2030-01-01 02:00:00', '2030-01-01 02:00:00'),
}


def guarded_fields(env):
    """{model: {field: (initial, hint)}} of every model moving with the state mixin."""
    return {name: env[name]._guarded_fields() for name, model in env.registry.items()
            if not model._abstract and 'merchandising.state.mixin' in model._inherit_module}


def context_keys():
    """Every context key the addon's Python code reads or sets, plus the two
    11.0 used to switch the rules off."""
    keys = {'merch_customs_reset', 'merch_replan'}
    for path in ADDON.rglob('*.py'):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == 'with_context':
                    keys |= {keyword.arg for keyword in node.keywords if keyword.arg}
                elif node.func.attr == 'get' and node.args and isinstance(node.args[0], ast.Constant) \
                        and 'context' in ast.unparse(node.func.value):
                    keys.add(node.args[0].value)
            elif isinstance(node, ast.Subscript) and 'context' in ast.unparse(node.value) \
                    and isinstance(node.slice, ast.Constant):
                keys.add(node.slice.value)
    # The language is Odoo's, not a switch: True is no language at all.
    keys.discard('lang')
    return {key: True for key in keys if isinstance(key, str)}


class TestGuardedFields(OutsideAddon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nolog=True, no_reset_password=True))
        ref = cls.env.ref
        cls.customer = cls.env['res.partner'].create({
            'name': 'Baltic Apparel OÜ', 'is_company': True, 'customer_rank': 1,
            'email': 'buyer@baltic-apparel.example.com'})
        buyer = cls.env['res.partner'].create({
            'name': 'Kadri Tamm', 'parent_id': cls.customer.id, 'email': 'kadri@baltic-apparel.example.com'})
        cls.users = {
            'merchandiser': cls._user('Chen Jing', 'guard_merch', 'merchandising.group_merchandiser'),
            'manager': cls._user('Sun Hui', 'guard_manager', 'merchandising.group_merchandising_manager'),
            'salesperson': cls._user('Liu Yang', 'guard_sales', 'sales_team.group_sale_salesman'),
            'portal': cls._user('Kadri Tamm', 'guard_portal', 'base.group_portal', partner_id=buyer.id),
        }
        product = cls.env['product.product'].create({
            'name': 'Merino base layer', 'type': 'consu', 'is_storable': True, 'list_price': 21.0})
        cls.order = cls.env['sale.order'].create({
            'partner_id': cls.customer.id, 'user_id': cls.users['salesperson'].id,
            'merchandiser_id': cls.users['merchandiser'].id,
            'ex_factory_date': fields.Date.today() + timedelta(days=90),
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 500, 'price_unit': 20.5})],
        })
        cls.order.action_confirm()
        cls.milestone = cls.order.merch_milestone_ids.sorted('sequence')[0]
        cls.document = cls.order.merch_document_ids[:1]
        cls.sample = cls.env['merchandising.sample'].create({
            'order_id': cls.order.id, 'type_id': ref('merchandising.sample_type_pp').id})
        cls.sample.action_request()
        cls.sample.action_start()
        # Sent yesterday: received today in any user's time zone is not before it.
        cls.sample._move_to('sent', date_sent=fields.Date.today() - timedelta(days=1))
        cls.costing = cls.env['merchandising.costing'].create({'product_id': product.id, 'quantity': 500})
        cls.records = {
            'merchandising.costing': cls.costing,
            'merchandising.sample': cls.sample,
            'merchandising.milestone': cls.milestone,
            'merchandising.shipping.document': cls.document,
            'sale.order': cls.order,
        }

    @classmethod
    def _user(cls, name, login, group, **vals):
        return cls.env['res.users'].create(dict(
            vals, name=name, login=login, password='%s_pw' % login, email='%s@example.com' % login,
            groups_id=[Command.set([cls.env.ref(group).id])]))

    def _guarded(self):
        return [(model, fname) for model, guarded in guarded_fields(self.env).items() for fname in guarded]

    def _next(self, record, fname):
        value = NEXT_VALUE[record._name, fname][0]
        if value == '+5':
            return fields.Date.to_string(record[fname] + timedelta(days=5))
        return value

    def _attempts(self):
        """(record, field, role, user, the value it has, the value to try) for
        every guarded field and role, each in its own sub-test; after each
        attempt the field must still have its value."""
        for model, fname in self._guarded():
            record = self.records[model]
            before, value = self._current(record, fname), self._next(record, fname)
            for role, user in self.users.items():
                with self.subTest(field='%s.%s' % (model, fname), role=role):
                    yield record, fname, role, user, value
                    self.assertEqual(self._current(record, fname), before)

    def _current(self, record, fname):
        record.invalidate_recordset()
        value = record.sudo()[fname]
        return fields.Date.to_string(value) if record._fields[fname].type == 'date' else value

    def test_the_records_exist(self):
        for model, record in self.records.items():
            self.assertTrue(record, model)
        self.assertEqual(self.sample.state, 'sent')
        self.assertEqual(self.document.state, 'missing')

    def test_every_state_field_of_the_addon_is_guarded(self):
        for model in self.env.registry.values():
            if model._transient or model._abstract or not model._auto:
                continue
            for fname, field in model._fields.items():
                if field.type == 'selection' and field.store and not field.compute and not field.related \
                        and (fname == 'state' or fname.endswith('_state')) \
                        and 'merchandising' in field._modules:
                    self.assertIn(fname, guarded_fields(self.env).get(model._name, {}),
                                  "%s.%s: a state of the addon, not guarded by the state mixin" % (
                                      model._name, fname))
        self.assertEqual(sorted(NEXT_VALUE), sorted(self._guarded()))

    @mute_logger('odoo.sql_db', 'odoo.models')
    def test_a_write_is_refused_for_every_role_and_context(self):
        keys = context_keys()
        self.assertIn('tracking_disable', keys)
        for record, fname, role, user, value in self._attempts():
            # (An AccessError, for who may not write the record, is a UserError.)
            with self.assertRaises(UserError) as caught:
                record.with_user(user).with_context(**keys).write({fname: value})
            if role in ('merchandiser', 'manager'):
                self.assertIn(record._fields[fname]._description_string(self.env), str(caught.exception))
                self.assertIn('cannot be set directly', str(caught.exception))

    @mute_logger('odoo.sql_db', 'odoo.models')
    def test_an_import_row_is_refused(self):
        keys = context_keys()
        for record, fname, role, user, value in self._attempts():
            try:
                result = record.with_user(user).with_context(**keys).load(['.id', fname], [[str(record.id), value]])
            except AccessError:
                # Who may not read the model is refused before any row.
                self.assertIn(role, ('salesperson', 'portal'))
            else:
                self.assertFalse(result['ids'])
                self.assertTrue(result['messages'])
                if role in ('merchandiser', 'manager'):
                    self.assertIn('cannot be set directly', result['messages'][0]['message'])

    @mute_logger('odoo.sql_db', 'odoo.models', 'odoo.http')
    def test_an_xmlrpc_call_is_refused(self):
        keys = context_keys()
        for record, fname, role, user, value in self._attempts():
            with self.assertRaises(Fault) as caught:
                self.xmlrpc_object.execute_kw(
                    get_db_name(), user.id, '%s_pw' % user.login, record._name, 'write',
                    [[record.id], {fname: value}], {'context': keys})
            if role in ('merchandiser', 'manager'):
                self.assertIn('cannot be set directly', caught.exception.faultString)

    @mute_logger('odoo.sql_db', 'odoo.models')
    def test_nothing_is_created_past_its_first_state(self):
        keys = context_keys()
        vals = {
            'merchandising.sample': {'order_id': self.order.id,
                                     'type_id': self.env.ref('merchandising.sample_type_shipping').id},
            'merchandising.milestone': {'order_id': self.order.id, 'name': 'Lab dips approved'},
            'merchandising.shipping.document': {
                'order_id': self.order.id,
                'type_id': self.env['merchandising.document.type'].create({'name': 'Fumigation certificate'}).id},
            'sale.order': {'partner_id': self.customer.id},
            'merchandising.costing': {'product_id': self.records['merchandising.costing'].product_id.id,
                                      'quantity': 500},
        }
        for model, fname in self._guarded():
            past = NEXT_VALUE[model, fname][1]
            if past is None:
                continue
            Model = self.env[model]
            for role in ('merchandiser', 'manager'):
                with self.subTest(field='%s.%s' % (model, fname), role=role):
                    count = Model.sudo().search_count([])
                    with self.assertRaises(UserError):
                        Model.with_user(self.users[role]).with_context(**keys).create(dict(vals[model], **{fname: past}))
                    header = ['%s/.id' % key if Model._fields[key].type == 'many2one' else key
                              for key in vals[model]]
                    result = Model.with_user(self.users[role]).with_context(**keys).load(
                        header + [fname], [[str(value) for value in vals[model].values()] + [past]])
                    self.assertFalse(result['ids'])
                    self.assertEqual(Model.sudo().search_count([]), count)
        # In the first state, they may.
        self.assertEqual(self.env['merchandising.sample'].with_user(self.users['merchandiser']).create(
            dict(vals['merchandising.sample'], state='draft')).state, 'draft')

    def test_the_buttons_still_move_them(self):
        merchandiser, manager = self.users['merchandiser'], self.users['manager']
        sample = self.sample.with_user(merchandiser)
        sample.action_mark_received()
        sample.action_approve('Approved, go ahead.')
        self.assertEqual(sample.state, 'approved')
        self.document.with_user(merchandiser).action_receive()
        self.assertEqual(self.document.state, 'received')
        order = self.order.with_user(merchandiser)
        order.action_customs_prepare()
        self.assertEqual(order.merch_customs_state, 'prepared')
        with self.assertRaises(AccessError):
            order.action_reset_customs('Declaration withdrawn')
        self.order.with_user(manager).action_reset_customs('Declaration withdrawn')
        self.assertEqual(self.order.merch_customs_state, 'none')
        self.assertIn('Declaration withdrawn', self.order.message_ids[:1].body)
        milestone = self.order.merch_milestone_ids.filtered(lambda m: m != self.milestone)[:1]
        milestone.with_user(merchandiser).action_done()
        self.assertEqual(milestone.state, 'done')
        planned = self.milestone.planned_date
        order.ex_factory_date = self.order.ex_factory_date + timedelta(days=7)
        order.action_replan(self.env.ref('merchandising.delay_reason_customer_change'),
                            note='The customer moved the ship date')
        self.assertEqual(self.milestone.planned_date, planned + timedelta(days=7))
        with self.assertRaises(AccessError):
            self.order.with_user(self.users['salesperson']).action_replan(self.env.ref('merchandising.delay_reason_other'))

    @mute_logger('odoo.sql_db', 'odoo.models', 'odoo.http')
    def test_a_confirmed_promise_is_refused_over_xmlrpc_for_every_role_and_context(self):
        # The Delivery Date is not a guarded field (a quotation's is free):
        # the promise has its own path, New Delivery Date Agreed (test_promise.py).
        keys = context_keys()
        before = self.order.commitment_date  # confirmed without one: the wizard gives it
        for role, user in self.users.items():
            with self.subTest(role=role):
                for fname in ('commitment_date', 'merch_first_commitment_date'):
                    with self.assertRaises(Fault) as caught:
                        self.xmlrpc_object.execute_kw(
                            get_db_name(), user.id, '%s_pw' % user.login, 'sale.order', 'write',
                            [[self.order.id], {fname: '2030-01-01 02:00:00'}], {'context': keys})
                    if role in ('merchandiser', 'manager'):
                        self.assertRegex(caught.exception.faultString, 'New Delivery Date Agreed|First Promised Date')
                self.order.invalidate_recordset()
                self.assertEqual((self.order.commitment_date, self.order.merch_first_commitment_date), (before, False))
