"""The access matrix, one test per cell: each model of the addon (and the
fields it adds to Odoo's orders, partners and deliveries) × each role × each
operation, done through the ORM as that user — never as admin — on a record
the role would reach in its work (an order the salesperson sells, the
merchandiser follows, for the portal user's company). The other merchandiser
is a colleague: what is "own" for the first is not theirs.

Then the other company: a merchandising manager of company B reaches none of
company A's merchandising records. And a salesperson without the
merchandising groups opens an order with samples, a plan and customs data.
"""
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError

from customs_case import CustomsCase
from merchandising_case import MerchandisingCase

ROLES = ('merchandiser', 'other_merchandiser', 'manager', 'salesperson', 'warehouse', 'portal', 'public')
OPERATIONS = {'r': 'read', 'w': 'write', 'c': 'create', 'u': 'unlink', 'x': 'run'}

# What each role may do, per model: r read, w write, c create, u unlink, x
# run (a wizard: create it and press its button). None: not a cell (the
# warehouse's rights on Odoo's own orders and partners are Odoo's business).
MATRIX = {
    #                                          merch   other   manager salesp. wareh.  portal  public
    'merchandising.stage':                    ('r',    'r',    'rwcu', 'r',    'r',    '',     ''),
    # Written only by the stage changes (sudo, in the mover's name).
    'merchandising.stage.history':            ('r',    '',     'r',    'r',    '',     '',     ''),
    'merchandising.sample.type':              ('r',    'r',    'rwcu', 'r',    'r',    'r',    ''),
    'merchandising.sample':                   ('rwc',  '',     'rwcu', 'r',    '',     'r',    ''),
    'merchandising.milestone':                ('rwc',  '',     'rwcu', 'r',    '',     '',     ''),
    # What the factory reported done (it reports through its portal, in sudo).
    'merchandising.milestone.quantity':       ('rwcu', '',     'rwcu', 'r',    '',     '',     ''),
    'merchandising.milestone.template':       ('r',    'r',    'rwcu', 'r',    'r',    '',     ''),
    'merchandising.milestone.template.line':  ('r',    'r',    'rwcu', 'r',    'r',    '',     ''),
    'merchandising.declaration.value':        ('r',    'r',    'rwcu', 'r',    'r',    '',     ''),
    'merchandising.trade.mode':               ('r',    'r',    'rwcu', 'r',    'r',    '',     ''),
    'merchandising.document.type':            ('r',    'r',    'rwcu', 'r',    'r',    '',     ''),
    # The warehouse loads every container.
    'merchandising.container':                ('rwcu', '',     'rwcu', 'r',    'r',    '',     ''),
    'merchandising.shipping.document':        ('rwcu', '',     'rwcu', 'r',    '',     '',     ''),
    # OCA's model, read by internal users (its own 18.0 ACL); our fields on
    # it are written by merchandising managers.
    'hs.code':                                ('r',    'r',    'rwcu', 'r',    'r',    '',     ''),
    'merchandising.otd.report':               ('r',    '',     'r',    '',     '',     '',     ''),
    # A factory's dates across everyone's orders: every merchandiser reads them.
    'merchandising.factory.otd.report':       ('r',    'r',    'r',    '',     '',     '',     ''),
    # A manager renames, reorders, archives; what a tile counts is the code's.
    'merchandising.cockpit.tile':             ('r',    'r',    'rw',   '',     '',     '',     ''),
    # The customer's file is the company's: every merchandiser keeps it.
    'merchandising.customer.requirement':     ('rwcu', 'rwcu', 'rwcu', 'r',    '',     '',     ''),
    # An order's checklist: listed by the addon (sudo), ticked by who follows the order.
    'merchandising.requirement.check':        ('rw',   '',     'rwcu', 'r',    '',     '',     ''),
    # A visit's follow-up actions, as the visits themselves: the sales team's.
    'merchandising.visit.action':             ('rwcu', 'rwcu', 'rwcu', 'rwcu', '',     '',     ''),
    # Costing sheets: the company's merchandisers cost and apply; a manager
    # deletes a sheet; the sales team reads what a price is made of.
    'merchandising.costing':                  ('rwc',  'rwc',  'rwcu', 'r',    '',     '',     ''),
    'merchandising.costing.line':             ('rwcu', 'rwcu', 'rwcu', 'r',    '',     '',     ''),
    'merchandising.costing.break':            ('rwcu', 'rwcu', 'rwcu', 'r',    '',     '',     ''),
    # Re-planning: the order's merchandiser or a manager; resetting customs: a manager.
    'merchandising.tna.replan':               ('x',    '',     'x',    '',     '',     '',     ''),
    'merchandising.customs.reset':            ('',     '',     'x',    '',     '',     '',     ''),
    # The fields the addon adds to Odoo's models; deleting those records is
    # Odoo's own business (a merchandising group grants no unlink).
    'sale.order':                             ('rwc',  '',     'rwc',  'rwc',  None,   'r',    ''),
    # CRM lets the sales team create and edit contacts (its own ACL).
    'res.partner':                            ('rwc',  'rwc',  'rwc',  'rwc',  None,   'r',    ''),
    'stock.picking':                          ('r',    'r',    'r',    'r',    'r',    'r',    ''),
}
EXTENDED_OPERATIONS = {
    'sale.order': 'rwc', 'res.partner': 'rwc', 'stock.picking': 'r',
    'merchandising.tna.replan': 'x', 'merchandising.customs.reset': 'x',
}


class TestAccessMatrix(CustomsCase, MerchandisingCase):
    """One method per cell, generated below from MATRIX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        group = env.ref
        buyer = env['res.partner'].create({
            'name': 'Kadri Tamm', 'parent_id': cls.customer.id, 'email': 'kadri@baltic-apparel.example.com'})
        cls.portal = env['res.users'].create({
            'name': 'Kadri Tamm', 'login': 'test_matrix_portal', 'partner_id': buyer.id,
            'groups_id': [Command.set([group('base.group_portal').id])]})
        cls.warehouse = cls._user('Wu Gang', 'test_matrix_warehouse', group('stock.group_stock_user'))
        cls.users = {
            'merchandiser': cls.merchandiser, 'other_merchandiser': cls.other_merchandiser,
            'manager': cls.manager, 'salesperson': cls.salesperson, 'warehouse': cls.warehouse,
            'portal': cls.portal, 'public': group('base.public_user'),
        }
        # One order that every role reaches in its work: sold by the
        # salesperson, followed by the merchandiser, for the portal user's
        # company; its customs prepared (a manager may reset them).
        cls.order = env['sale.order'].create({
            'partner_id': buyer.id, 'user_id': cls.salesperson.id, 'merchandiser_id': cls.merchandiser.id,
            'ex_factory_date': '2026-12-15', 'merch_shipping_marks': 'BALTIC / TALLINN',
            'order_line': [Command.create({'product_id': cls.product.id, 'product_uom_qty': 100,
                                           'price_unit': 20.5})]})
        cls.order.action_customs_prepare()
        # The customer follows their order, as confirming it makes them do:
        # Odoo's portal rule on orders.
        cls.order.message_subscribe(partner_ids=[buyer.id])
        # And one the merchandiser shipped, a day late: the report's line,
        # its delivery the warehouse's.
        cls.shipped = env['sale.order'].create({
            'partner_id': buyer.id, 'user_id': cls.salesperson.id, 'merchandiser_id': cls.merchandiser.id,
            'commitment_date': '2026-11-20 02:00:00',
            'order_line': [Command.create({'product_id': cls.product.id, 'product_uom_qty': 10,
                                           'price_unit': 20.5})]})
        cls.shipped.action_confirm()
        cls.shipped.merch_ship_date = '2026-11-21'
        # The customer's file asks for a label before production; the order lists it.
        cls.requirement = env['merchandising.customer.requirement'].create({
            'partner_id': cls.customer.id, 'name': 'Care label in Estonian', 'stage_id': cls.stage['production'].id})
        cls.unlisted_requirement = env['merchandising.customer.requirement'].create({
            'partner_id': env['res.partner'].create({'name': 'Matrix Buyer 2', 'is_company': True}).id,
            'name': 'Hang tags', 'stage_id': cls.stage['production'].id})
        cls.visit = env['calendar.event'].create({
            'name': 'Baltic Apparel visits', 'merch_is_visit': True, 'merch_customer_id': cls.customer.id,
            'start': '2026-12-10 02:00:00', 'stop': '2026-12-10 04:00:00',
            'merch_action_ids': [Command.create({'name': 'Send swatches', 'user_id': cls.merchandiser.id})]})
        # A draft costing of the order's line, with a component and a price break.
        cls.costing = env['merchandising.costing'].create({
            'order_line_id': cls.order.order_line.id,
            'line_ids': [Command.create({'name': 'Shell fabric', 'consumption': 1.2, 'unit_price': 20.0,
                                         'uom_id': env.ref('uom.product_uom_meter').id})],
            'break_ids': [Command.create({'quantity': 500})]})
        cls.doc_type = env['merchandising.document.type'].create({'name': 'Matrix certificate'})
        cls.template = env['merchandising.milestone.template'].create({'name': 'Matrix template'})
        cls.factory = env['res.partner'].create({'name': 'Matrix Knitting', 'is_company': True})
        finished = env['merchandising.milestone'].create({
            'order_id': cls.order.id, 'name': 'Knitting done', 'planned_date': '2026-12-01',
            'partner_id': cls.factory.id, 'actual_date': '2026-11-30'})
        cls.other_milestone = env['merchandising.milestone'].create({
            'order_id': cls.order.id, 'name': 'Linking done', 'planned_date': '2026-12-02'})
        cls.records = {
            'merchandising.stage': env['merchandising.stage'].create({'name': 'Matrix stage', 'sequence': 500}),
            'merchandising.stage.history': cls.order.merch_stage_history_ids,
            'merchandising.sample.type': env['merchandising.sample.type'].create({'name': 'Matrix', 'code': 'MX'}),
            'merchandising.sample': env['merchandising.sample'].create({
                'order_id': cls.order.id, 'type_id': env.ref('merchandising.sample_type_proto').id}),
            'merchandising.milestone': env['merchandising.milestone'].create({
                'order_id': cls.order.id, 'name': 'Fabric in-house', 'planned_date': '2026-12-01'}),
            'merchandising.milestone.template': cls.template,
            'merchandising.milestone.template.line': env['merchandising.milestone.template.line'].create({
                'template_id': cls.template.id, 'name': 'Packing'}),
            'merchandising.declaration.value': cls.product.merch_declaration_value_ids[0],
            'merchandising.trade.mode': env['merchandising.trade.mode'].create({'code': '9639', 'name': 'Matrix'}),
            'merchandising.document.type': cls.doc_type,
            'merchandising.container': env['merchandising.container'].create({
                'order_id': cls.order.id, 'name': 'CSQU3054383'}),
            'merchandising.shipping.document': env['merchandising.shipping.document'].create({
                'order_id': cls.order.id, 'type_id': env.ref('merchandising.document_type_bill_of_lading').id}),
            'hs.code': env['hs.code'].create({'local_code': '6110200099', 'description': 'Matrix pullovers'}),
            'merchandising.otd.report': env['merchandising.otd.report'].search([('order_id', '=', cls.shipped.id)]),
            'merchandising.milestone.quantity': env['merchandising.milestone.quantity'].create({
                'milestone_id': finished.id, 'sale_line_id': cls.order.order_line.id, 'quantity': 40}),
            'merchandising.factory.otd.report': env['merchandising.factory.otd.report'].search(
                [('id', '=', finished.id * 2)]),
            'merchandising.cockpit.tile': env.ref('merchandising.cockpit_tile_orders'),
            'merchandising.customer.requirement': cls.requirement,
            'merchandising.requirement.check': cls.order.merch_requirement_check_ids,
            'merchandising.visit.action': cls.visit.merch_action_ids,
            'merchandising.costing': cls.costing,
            'merchandising.costing.line': cls.costing.line_ids,
            'merchandising.costing.break': cls.costing.break_ids,
            'sale.order': cls.order,
            'res.partner': cls.customer,
            'stock.picking': cls.shipped.picking_ids,
        }

    def test_every_record_is_there(self):
        for model in MATRIX:
            if model not in ('merchandising.tna.replan', 'merchandising.customs.reset'):
                self.assertEqual(len(self.records[model]), 1, model)

    def _read_fields(self, model):
        fields = {
            'merchandising.stage.history': ['order_id', 'stage_id', 'date_in', 'user_id'],
            'hs.code': ['local_code', 'merch_customs_name', 'merch_declaration_elements', 'merch_rebate_rate'],
            'merchandising.declaration.value': ['element', 'value'],
            'merchandising.trade.mode': ['code', 'name'],
            'merchandising.document.type': ['name'],
            'merchandising.container': ['name', 'order_id', 'container_type'],
            'merchandising.shipping.document': ['type_id', 'state', 'order_id'],
            'merchandising.otd.report': ['order_id', 'ship_date', 'days_late', 'on_time_rate', 'delay_cause'],
            'merchandising.milestone.quantity': ['milestone_id', 'sale_line_id', 'quantity'],
            'merchandising.factory.otd.report': ['factory_id', 'kind', 'planned_date', 'date', 'on_time_rate'],
            'merchandising.cockpit.tile': ['name', 'value', 'detail', 'alert'],
            'merchandising.customer.requirement': ['partner_id', 'category', 'name', 'stage_id'],
            'merchandising.requirement.check': ['order_id', 'requirement_id', 'checked', 'checked_by_id'],
            'merchandising.visit.action': ['event_id', 'name', 'user_id', 'date_deadline', 'state'],
            'merchandising.costing': ['name', 'version', 'state', 'price_fob', 'unit_price', 'margin_amount'],
            'merchandising.costing.line': ['name', 'consumption', 'unit_price', 'export_cost'],
            'merchandising.costing.break': ['quantity', 'unit_price', 'margin_amount'],
            'sale.order': ['merch_stage_id', 'merchandiser_id', 'merch_stage_date', 'merch_days_in_stage',
                           'key_customer', 'ex_factory_date', 'forecast_ship_date', 'delay_days',
                           'merch_health', 'merch_customs_state', 'merch_shipping_marks', 'merch_ship_date'],
            'res.partner': ['key_customer', 'merch_shipping_marks', 'merch_document_type_ids'],
            'stock.picking': ['merch_customs_state', 'merch_shipping_marks', 'key_customer'],
        }
        return fields.get(model, ['name'])

    def _write_values(self, model):
        return {
            'merchandising.stage': {'fold': True},
            'merchandising.stage.history': {'date_in': '2020-01-01 00:00:00'},
            'merchandising.sample.type': {'lead_days': 9},
            'merchandising.sample': {'tracking_ref': '1Z999AA10123456784'},
            # After the order's date, whatever today is.
            'merchandising.milestone': {'revised_date': fields.Date.today() + timedelta(days=10),
                                        'revision_reason_id': self.env.ref('merchandising.delay_reason_capacity').id},
            'merchandising.milestone.template': {'name': 'Matrix template, revised'},
            'merchandising.milestone.template.line': {'offset_days': -3},
            'merchandising.declaration.value': {'value': '针织'},
            'merchandising.trade.mode': {'name': 'Matrix, revised'},
            'merchandising.document.type': {'required_by_default': True},
            'merchandising.container': {'seal_number': 'SL-4471'},
            'merchandising.shipping.document': {'note': 'Original received', 'date_received': '2026-11-20'},
            'hs.code': {'merch_rebate_rate': 13.0},
            'merchandising.otd.report': {'days_late': 0},
            'merchandising.milestone.quantity': {'quantity': 60},
            'merchandising.factory.otd.report': {'delay_days': 0},
            'merchandising.cockpit.tile': {'name': 'My orders today', 'sequence': 1},
            'merchandising.customer.requirement': {'description': 'Woven, left side seam'},
            'merchandising.requirement.check': {'checked': True, 'note': 'Label proof approved'},
            'merchandising.visit.action': {'date_deadline': '2026-12-20'},
            'merchandising.costing': {'margin_percent': 12.0},
            'merchandising.costing.line': {'waste_percent': 4.0},
            'merchandising.costing.break': {'quantity': 1000},
            'sale.order': {'merch_stage_id': self.stage['sampling'].id, 'merch_shipping_marks': 'BALTIC / RIGA'},
            'res.partner': {'key_customer': True, 'merch_shipping_marks': 'BALTIC'},
        }[model]

    def _create_values(self, model):
        return {
            'merchandising.stage': {'name': 'Waiting for payment', 'sequence': 95},
            'merchandising.stage.history': {'order_id': self.order.id, 'stage_id': self.stage['closed'].id},
            'merchandising.sample.type': {'name': 'Salesman sample', 'code': 'SMS'},
            'merchandising.sample': {'order_id': self.order.id,
                                     'type_id': self.env.ref('merchandising.sample_type_fit').id},
            'merchandising.milestone': {'order_id': self.order.id, 'name': 'Trims in-house',
                                        'planned_date': '2026-12-03'},
            'merchandising.milestone.template': {'name': 'Knitwear 60 days'},
            'merchandising.milestone.template.line': {'template_id': self.template.id, 'name': 'Dyeing'},
            'merchandising.declaration.value': {'product_tmpl_id': self.product.product_tmpl_id.id,
                                                'element': '用途', 'value': '穿着用'},
            'merchandising.trade.mode': {'code': '1210', 'name': 'Bonded warehouse'},
            'merchandising.document.type': {'name': 'Fumigation certificate'},
            'merchandising.container': {'order_id': self.order.id, 'name': 'MSKU9070323'},
            'merchandising.shipping.document': {'order_id': self.order.id,
                                                'type_id': self.env.ref('merchandising.document_type_packing_list').id},
            'hs.code': {'local_code': '6110200090', 'merch_customs_name': '棉制针织套头衫'},
            'merchandising.otd.report': {'order_id': self.order.id, 'days_late': 0},
            'merchandising.milestone.quantity': {'milestone_id': self.other_milestone.id,
                                                 'sale_line_id': self.order.order_line.id, 'quantity': 20},
            'merchandising.factory.otd.report': {'factory_id': self.factory.id},
            'merchandising.cockpit.tile': {'name': 'My orders again', 'kind': 'orders'},
            'merchandising.customer.requirement': {'partner_id': self.customer.id, 'category': 'packing',
                                                   'name': '6 pieces a carton', 'stage_id': self.stage['inspection'].id},
            'merchandising.requirement.check': {'order_id': self.shipped.id, 'requirement_id': self.unlisted_requirement.id},
            'merchandising.visit.action': {'event_id': self.visit.id, 'name': 'Revise the price'},
            'merchandising.costing': {'product_id': self.product.id, 'quantity': 2000},
            'merchandising.costing.line': {'costing_id': self.costing.id, 'name': 'Zip', 'consumption': 1,
                                           'unit_price': 1.5, 'uom_id': self.env.ref('uom.product_uom_unit').id},
            'merchandising.costing.break': {'costing_id': self.costing.id, 'quantity': 3000},
            'sale.order': {'partner_id': self.customer.id, 'user_id': self.salesperson.id,
                           'merchandiser_id': self.merchandiser.id, 'ex_factory_date': '2027-01-10',
                           'merch_shipping_marks': 'BALTIC'},
            'res.partner': {'name': 'Riga Knit SIA', 'is_company': True, 'key_customer': True,
                            'merch_shipping_marks': 'RIGA KNIT'},
        }[model]

    def _run(self, model, user):
        """Open the wizard on the order and press its button, as the user."""
        if model == 'merchandising.tna.replan':
            wizard = self.env[model].with_user(user).create({
                'order_id': self.order.id, 'reason_id': self.env.ref('merchandising.delay_reason_customer_change').id,
                'note': 'The customer moved the delivery date.'})
            wizard.action_replan()
        else:
            wizard = self.env[model].with_user(user).create({
                'order_id': self.order.id, 'reason': 'Declared on the wrong trade mode.'})
            wizard.action_reset()
            self.assertEqual(self.order.merch_customs_state, 'none')

    def _do(self, model, role, operation):
        user = self.users[role]
        record = self.records.get(model, self.env[model]).with_user(user)
        if operation == 'read':
            values = record.read(self._read_fields(model))
            self.assertEqual(len(values), len(record))
        elif operation == 'write':
            record.write(self._write_values(model))
        elif operation == 'create':
            created = self.env[model].with_user(user).create(self._create_values(model))
            self.assertTrue(created.exists())
        elif operation == 'unlink':
            record.unlink()
            self.assertFalse(self.records[model].exists())
        else:
            self._run(model, user)

    def _check_cell(self, model, role, operation, allowed):
        if allowed:
            self._do(model, role, operation)
        else:
            with self.assertRaises(AccessError):
                self._do(model, role, operation)

    def test_the_matrix_has_every_cell(self):
        cells = [name for name in dir(self) if name.startswith('test_cell__')]
        expected = sum(len(EXTENDED_OPERATIONS.get(model, 'rwcu')) * len([r for r in rights if r is not None])
                       for model, rights in MATRIX.items())
        self.assertEqual(len(cells), expected)
        self.assertEqual(len(cells), 701)


def _cell_test(model, role, operation, allowed):
    def test(self):
        self._check_cell(model, role, operation, allowed)
    test.__doc__ = '%s may%s %s %s' % (role, '' if allowed else ' not', operation, model)
    return test


for _model, _rights in MATRIX.items():
    for _role, _allowed in zip(ROLES, _rights):
        if _allowed is None:
            continue
        for _letter in EXTENDED_OPERATIONS.get(_model, 'rwcu'):
            setattr(TestAccessMatrix, 'test_cell__%s__%s__%s' % (_model.replace('.', '_'), _role, OPERATIONS[_letter]),
                    _cell_test(_model, _role, OPERATIONS[_letter], _letter in _allowed))


# Company B's merchandising manager and company A's records: none visible.
OTHER_COMPANY_MODELS = (
    'merchandising.stage', 'merchandising.stage.history', 'merchandising.sample.type', 'merchandising.sample',
    'merchandising.milestone', 'merchandising.milestone.template', 'merchandising.milestone.template.line',
    'merchandising.declaration.value', 'merchandising.document.type', 'merchandising.container',
    'merchandising.shipping.document', 'merchandising.otd.report', 'merchandising.requirement.check',
    'merchandising.costing', 'sale.order')


class TestOtherCompany(MerchandisingCase):
    """A merchandising manager of the Ningbo branch (company B) sees nothing
    of the head office's (company A) merchandising records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        company_a = env.company
        company_b = env['res.company'].create({'name': 'Ningbo Branch'})
        cls.branch_manager = env['res.users'].create({
            'name': 'Qian Fang', 'login': 'test_matrix_branch', 'email': 'qian@example.com',
            'company_id': company_b.id, 'company_ids': [Command.set([company_b.id])],
            'groups_id': [Command.set([env.ref('base.group_user').id,
                                       env.ref('merchandising.group_merchandising_manager').id])]})
        env['merchandising.customer.requirement'].create({
            'partner_id': cls.customer.id, 'name': 'Care label', 'stage_id': cls.stage['production'].id})
        order = cls._order_of(cls.customer, company_a)
        shipped = cls._order_of(cls.customer, company_a, commitment_date='2026-11-20 02:00:00')
        shipped.action_confirm()
        shipped.merch_ship_date = '2026-11-20'
        doc_type = env['merchandising.document.type'].create({'name': 'Head office form', 'company_id': company_a.id})
        template = env['merchandising.milestone.template'].create({'name': 'Head office', 'company_id': company_a.id})
        product = env['product.template'].create({
            'name': 'Head office fleece', 'company_id': company_a.id,
            'merch_declaration_value_ids': [Command.create({'element': '品名', 'value': '抓绒衫'})]})
        cls.records = {
            'merchandising.stage': env['merchandising.stage'].create({
                'name': 'Head office QC', 'company_id': company_a.id}),
            'merchandising.stage.history': order.merch_stage_history_ids,
            'merchandising.sample.type': env['merchandising.sample.type'].create({
                'name': 'Head office', 'code': 'HO', 'company_id': company_a.id}),
            'merchandising.sample': env['merchandising.sample'].create({
                'order_id': order.id, 'type_id': env.ref('merchandising.sample_type_proto').id}),
            'merchandising.milestone': env['merchandising.milestone'].create({
                'order_id': order.id, 'name': 'Fabric in-house', 'planned_date': '2026-12-01'}),
            'merchandising.milestone.template': template,
            'merchandising.milestone.template.line': env['merchandising.milestone.template.line'].create({
                'template_id': template.id, 'name': 'Packing'}),
            'merchandising.declaration.value': product.merch_declaration_value_ids,
            'merchandising.document.type': doc_type,
            'merchandising.container': env['merchandising.container'].create({
                'order_id': order.id, 'name': 'CSQU3054383'}),
            'merchandising.shipping.document': env['merchandising.shipping.document'].create({
                'order_id': order.id, 'type_id': doc_type.id}),
            'merchandising.otd.report': env['merchandising.otd.report'].search([('order_id', '=', shipped.id)]),
            'merchandising.requirement.check': order.merch_requirement_check_ids,
            'merchandising.costing': env['merchandising.costing'].create({'order_line_id': order.order_line.id}),
            'sale.order': order,
        }

    @classmethod
    def _order_of(cls, partner, company, **vals):
        return cls.env['sale.order'].create(dict(vals, **{
            'partner_id': partner.id, 'company_id': company.id, 'user_id': cls.salesperson.id,
            'merchandiser_id': cls.merchandiser.id,
            'order_line': [Command.create({'product_id': cls.product.id, 'product_uom_qty': 10})]}))

    def test_every_model_is_covered(self):
        self.assertEqual(set(self.records), set(OTHER_COMPANY_MODELS))
        for record in self.records.values():
            self.assertEqual(len(record), 1)

    def _check_invisible(self, model):
        record = self.records[model]
        found = self.env[model].with_user(self.branch_manager).search([('id', 'in', record.ids)])
        self.assertFalse(found, "%s of company A found by company B's manager" % model)
        with self.assertRaises(AccessError):
            record.with_user(self.branch_manager).read(['display_name'])

    def test_the_branch_sees_what_is_shared(self):
        # Records without a company (the default stages, sample types and
        # cockpit tiles) are shared; trade modes are the customs authority's
        # list, for everyone; so are HS codes (OCA's 18.0 hs.code has no company).
        branch = self.branch_manager
        hs_code = self.env['hs.code'].create({'local_code': '6110200090'})
        self.assertEqual(self.env['hs.code'].with_user(branch).search([('id', '=', hs_code.id)]), hs_code)
        self.assertIn(self.stage['enquiry'], self.env['merchandising.stage'].with_user(branch).search([]))
        self.assertTrue(self.env['merchandising.sample.type'].with_user(branch).search([]))
        self.assertTrue(self.env['merchandising.trade.mode'].with_user(branch).search([]))
        self.assertEqual(len(self.env['merchandising.cockpit.tile'].with_user(branch).search([])), 8)


def _other_company_test(model):
    def test(self):
        self._check_invisible(model)
    test.__doc__ = "company B's manager sees no %s of company A" % model
    return test


for _model in OTHER_COMPANY_MODELS:
    setattr(TestOtherCompany, 'test_company_b_sees_no__%s' % _model.replace('.', '_'), _other_company_test(_model))


class TestSalespersonOpensOrders(CustomsCase, MerchandisingCase):
    """The salesperson has no merchandising group, but sells orders that
    have samples, a T&A plan, containers and documents: opening them (every
    field of the form, list and kanban views they get, and of the lines
    those views show) must not fail."""

    def test_the_salesperson_opens_an_order_with_samples_and_a_plan(self):
        order = self._order(self.merchandiser, ex_factory_date='2026-12-15')
        order.action_confirm()
        self._approve_samples(order, 'pp')
        self.env['merchandising.container'].create({'order_id': order.id, 'name': 'CSQU3054383'})
        self.assertTrue(order.merch_sample_ids and order.merch_milestone_ids and order.merch_document_ids)
        orders = self.env['sale.order'].with_user(self.salesperson)
        for view_type in ('form', 'list', 'kanban'):
            views = orders.get_views([(False, view_type)])
            fields = views['models']['sale.order']['fields']
            values = orders.browse(order.id).read(list(fields))
            self.assertEqual(values[0]['name'], order.name)
            # The lines of one2many fields, with the fields their sub-views show.
            for name, field in fields.items():
                if field['type'] in ('one2many', 'many2many') and field['relation'] in views['models']:
                    lines = self.env[field['relation']].with_user(self.salesperson).browse(values[0][name])
                    lines.read(list(views['models'][field['relation']]['fields']))
        # What the merchandising tabs would show, read directly, is allowed too.
        order = orders.browse(order.id)
        self.assertEqual(order.merch_sample_count, 1)
        self.assertTrue(order.merch_sample_ids.read(['name', 'state']))
        self.assertTrue(order.merch_milestone_ids.read(['name', 'due_date', 'state']))
        self.assertTrue(order.merch_document_ids.read(['type_id', 'state']))
        self.assertTrue(order.merch_stage_history_ids.read(['stage_id', 'date_in']))
        self.assertTrue(order.merch_container_ids.read(['name']))

    def test_the_salesperson_sees_no_colleagues_samples(self):
        colleague = self._user('Hu Bo', 'test_salesperson_hu', self.env.ref('sales_team.group_sale_salesman'))
        mine = self._order(self.merchandiser)
        theirs = self._order(self.merchandiser, user_id=colleague.id)
        for order in (mine, theirs):
            self._approve_samples(order, 'pp')
        samples = self.env['merchandising.sample'].with_user(self.salesperson).search(
            [('order_id', 'in', (mine | theirs).ids)])
        self.assertEqual(samples.order_id, mine)
        with self.assertRaises(AccessError):
            theirs.merch_sample_ids.with_user(self.salesperson).read(['name'])
