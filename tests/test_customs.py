"""Export customs and shipping (报关, 装运): HS codes and declaration elements,
the order's customs data and status, containers, documents, the gates of
Booking & customs and Shipped, the deliveries and key customers."""
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from customs_case import DECLARATION_NO, CustomsCase
from merchandising_case import MerchandisingCase


class TestHsCodes(CustomsCase, MerchandisingCase):

    def setUp(self):
        super().setUp()
        self.env.company.country_id = self.env.ref('base.cn')
        self.HsCode = self.env['hs.code']

    def test_a_chinese_code_is_normalised_to_10_digits(self):
        code = self.HsCode.create({'local_code': '6110.2000 90', 'merch_rebate_rate': 13})
        self.assertEqual((code.local_code, code.hs_code), ('6110200090', '611020'))
        for wrong in ('61102000', '61102000900', '6110.20.00.AB'):
            with self.assertRaisesRegex(ValidationError, '10 digits.*Local Code'), self.cr.savepoint():
                self.HsCode.create({'local_code': wrong})
        with self.assertRaisesRegex(ValidationError, 'Export Rebate'):
            code.merch_rebate_rate = 113

    def test_the_product_gets_one_line_per_element_of_its_code(self):
        category = self.env['product.category'].create({
            'name': 'Knitwear', 'hs_code_id': self.HsCode.create({
                'local_code': '6110200090',
                'merch_declaration_elements': '0:品牌类型;1:出口享惠情况;2:品名;3:成分含量'}).id})
        product = self.env['product.template'].create({'name': 'Cotton pullover', 'categ_id': category.id})
        self.assertIn('no value', product._merch_declaration_problem())
        product.action_merch_fill_declaration_elements()
        self.assertEqual(product.merch_declaration_value_ids.mapped('element'),
                         ['品牌类型', '出口享惠情况', '品名', '成分含量'])
        product.merch_declaration_value_ids.write({'value': 'x'})
        self.assertIsNone(product._merch_declaration_problem())
        # The code asks for one more element: the values given stay, the new one is empty.
        category.hs_code_id.merch_declaration_elements += '|织造方法'
        product.action_merch_fill_declaration_elements()
        self.assertEqual(product.merch_declaration_value_ids.mapped('value'), ['x', 'x', 'x', 'x', False])
        self.assertIn('织造方法', product._merch_declaration_problem())

    def test_choosing_the_code_in_the_form_lists_its_elements(self):
        form = Form(self.env['product.template'])
        form.name = 'Merino hoodie'
        form.hs_code_id = self.hs_code
        self.assertEqual([line['element'] for line in form.merch_declaration_value_ids._records],
                         ['品名', '织造方法', '成分含量', '品牌类型', '出口享惠情况'])
        with form.merch_declaration_value_ids.edit(2) as line:
            line.value = '80%美利奴羊毛20%锦纶'
        product = form.save()
        self.assertEqual(product.merch_declaration_value_ids[2].value, '80%美利奴羊毛20%锦纶')
        self.assertIn('品名, 织造方法, 品牌类型, 出口享惠情况', product._merch_declaration_problem())

    def test_a_product_without_hs_code_is_named(self):
        product = self.env['product.template'].create({'name': 'Gift box'})
        self.assertIn('Gift box has no HS code', product._merch_declaration_problem())


class TestOneHsCodeField(CustomsCase, MerchandisingCase):

    def test_the_carriers_code_follows_the_one_users_set(self):
        # stock_delivery's plain HS code (what carriers print) and origin are
        # OCA's code and origin: one field for users, hidden twins.
        self.product.origin_country_id = self.env.ref('base.cn')
        self.assertEqual(self.product.hs_code, '610990')
        self.assertEqual(self.product.country_of_origin, self.env.ref('base.cn'))
        arch = etree.fromstring(self.env['product.template'].get_view(view_type='form')['arch'])
        for name in ('hs_code', 'country_of_origin'):
            nodes = arch.xpath('//field[@name="%s"]' % name)
            self.assertTrue(nodes)
            self.assertTrue(all(node.get('invisible') in ('1', 'True') for node in nodes), name)
        self.assertTrue(arch.xpath('//field[@name="hs_code_id"]'))

    def test_codes_typed_before_the_addon_move_to_the_users_field(self):
        self.env.company.country_id = self.env.ref('base.cn')
        typed = self.env['product.template'].create({'name': 'Silk scarf'})
        short = self.env['product.template'].create({'name': 'Wool gloves'})
        existing = self.env['product.template'].create({'name': 'Merino tee'})
        # As stock_delivery left them (its plain fields, before this addon).
        self.env.flush_all()
        for product, code in ((typed, '6214.1000 00'), (short, '6116'), (existing, '6109909000')):
            self.env.cr.execute("UPDATE product_template SET hs_code = %s, country_of_origin = %s WHERE id = %s",
                                [code, self.env.ref('base.cn').id, product.id])
        self.env.invalidate_all()
        self.env['product.template']._merch_adopt_delivery_customs_data()
        self.assertEqual(typed.hs_code_id.local_code, '6214100000')
        self.assertEqual(typed.hs_code, '621410')
        self.assertEqual(existing.hs_code_id, self.hs_code)
        self.assertEqual(typed.origin_country_id, self.env.ref('base.cn'))
        # Not a Chinese code: left for a user to correct.
        self.assertFalse(short.hs_code_id)
        self.assertEqual(short.hs_code, '6116')


class TestCustomsData(CustomsCase, MerchandisingCase):

    def test_the_declaration_number_has_18_digits(self):
        order = self._confirmed()
        with self.assertRaisesRegex(ValidationError, 'Declaration Number.*18 digits'):
            order.merch_declaration_no = '31012026051876543'
        order.merch_declaration_no = DECLARATION_NO

    def test_container_numbers_carry_the_iso_6346_check_digit(self):
        order = self._confirmed()
        Container = self.env['merchandising.container']
        first = Container.create({'order_id': order.id, 'name': 'csqu 305438-3', 'container_type': '40hq'})
        self.assertEqual(first.name, 'CSQU3054383')
        Container.create({'order_id': order.id, 'name': 'MSKU9070323', 'container_type': '20gp'})
        for values, error in (({'name': 'CSQU3054384'}, 'check digit is 4, it should be 3'),
                              ({'name': 'CSQ3054383'}, 'ISO 6346'),
                              ({'container_type': '40gp'}, 'needs its Container Number')):
            with self.assertRaisesRegex(ValidationError, error), self.cr.savepoint():
                Container.create(dict(values, order_id=order.id))
        Container.create({'order_id': order.id, 'container_type': 'lcl', 'packages': 12})
        self.env.invalidate_all()
        self.assertEqual(len(order.merch_container_ids), 3)

    def test_dates_and_weights_must_make_sense(self):
        order = self._confirmed()
        with self.assertRaisesRegex(ValidationError, 'ETA 2026-12-01 is before the ETD 2026-12-05'), \
                self.cr.savepoint():
            order.write({'merch_etd': '2026-12-05', 'merch_eta': '2026-12-01'})
        with self.assertRaisesRegex(ValidationError, 'Net Weight.*above the Gross Weight'), self.cr.savepoint():
            order.write({'merch_net_weight': 120.0, 'merch_gross_weight': 110.0})
        # Nothing of the refused writes stayed (the request's transaction is rolled back).
        self.env.invalidate_all()
        self.assertEqual((order.merch_etd, order.merch_net_weight), (False, 100.0))

    def test_confirmation_lists_the_documents_and_the_packing(self):
        self.customer.merch_document_type_ids = self.env.ref('merchandising.document_type_certificate_of_origin')
        self.customer.merch_shipping_marks = 'BALTIC APPAREL\nTALLINN\nC/NO. 1-UP'
        self.env['product.packaging'].create({'name': 'Carton of 40', 'product_id': self.product.id, 'qty': 40})
        order = self._confirmed()
        self.assertEqual(order.merch_document_ids.type_id.mapped('name'), [
            'Commercial invoice', 'Packing list', 'Customs declaration', 'Certificate of origin'])
        self.assertEqual(order.merch_shipping_marks, 'BALTIC APPAREL\nTALLINN\nC/NO. 1-UP')
        # 500 pieces of 0.2 kg and 0.002 m³ in cartons of 40.
        self.assertEqual((order.merch_packages, order.merch_net_weight, order.merch_gross_weight,
                          order.merch_volume), (13, 100.0, 100.0, 1.0))
        order.merch_gross_weight = 112.5
        order.action_compute_packing()
        self.assertEqual(order.merch_gross_weight, 112.5)
        with self.assertRaisesRegex(UserError, 'is Missing, it cannot become Approved. Next possible steps: Received'):
            order.merch_document_ids[0].action_approve()

    def test_a_salesperson_confirming_gets_the_checklist_too(self):
        order = self._order()
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(len(order.merch_document_ids), 3)
        self.assertEqual(order.merch_net_weight, 100.0)

    def test_confirming_writes_what_was_entered_once(self):
        # Packing figures entered before confirming are the merchandiser's:
        # kept; a document already listed is not listed twice.
        order = self._order(merchandiser=self.merchandiser, merch_packages=11, merch_net_weight=98.0,
                            merch_gross_weight=104.0, merch_document_ids=[Command.create({
                                'type_id': self.env.ref('merchandising.document_type_packing_list').id})])
        order.action_confirm()
        self.assertEqual((order.merch_packages, order.merch_net_weight, order.merch_gross_weight), (11, 98.0, 104.0))
        self.assertEqual(len(order.merch_document_ids.filtered(
            lambda d: d.type_id == self.env.ref('merchandising.document_type_packing_list'))), 1)
        self.assertEqual(len(order.merch_document_ids), 3)

    def test_another_company_s_documents_are_not_listed(self):
        # Someone working for two companies confirms an order of one: the
        # other's required documents are not its own.
        other = self.env['res.company'].create({'name': 'Second Export Co.'})
        self.env['merchandising.document.type'].create({
            'name': 'Fumigation certificate', 'required_by_default': True, 'company_id': other.id})
        order = self._confirmed()
        self.assertNotIn('Fumigation certificate', order.merch_document_ids.type_id.mapped('name'))
        self.assertIn('Packing list', order.merch_document_ids.type_id.mapped('name'))

    def test_the_destination_and_marks_come_from_the_customer(self):
        self.customer.write({'country_id': self.env.ref('base.ee').id, 'merch_shipping_marks': 'BALTIC'})
        form = Form(self.env['sale.order'])
        form.partner_id = self.customer
        self.assertEqual(form.merch_destination_country_id, self.env.ref('base.ee'))
        self.assertEqual(form.merch_shipping_marks, 'BALTIC')
        form.merch_shipping_marks = 'BALTIC\nPO 7781'
        order = form.save()
        self.assertEqual(order.merch_shipping_marks, 'BALTIC\nPO 7781')
        # Marks changed on the customer later are for their next orders.
        self.customer.merch_shipping_marks = 'BALTIC APPAREL'
        self.assertEqual(order.merch_shipping_marks, 'BALTIC\nPO 7781')


@freeze_time('2026-11-26 09:00:00')
class TestCustomsStatus(CustomsCase, MerchandisingCase):

    def test_each_step_follows_the_one_before_and_is_dated(self):
        order = self._confirmed()
        with self.assertRaisesRegex(UserError, 'Customs Status is Not Started, it cannot become Released. Next possible steps: Prepared'):
            order.action_customs_release()
        order.action_customs_prepare()
        with self.assertRaisesRegex(UserError, 'Declaration Number'):
            order.action_customs_declare()
        order.merch_declaration_no = DECLARATION_NO
        order.action_customs_declare()
        order.action_customs_release()
        today = date(2026, 11, 26)
        self.assertEqual((order.merch_customs_state, order.merch_customs_prepared_date,
                          order.merch_declaration_date, order.merch_customs_released_date),
                         ('released', today, today, today))
        # An import or the API cannot write it at all: the buttons are named.
        with self.assertRaisesRegex(UserError, 'Customs Status cannot be set directly: use the customs buttons'):
            order.write({'merch_customs_state': 'closed'})
        result = self.env['sale.order'].load(['.id', 'merch_customs_state'], [[str(order.id), 'none']])
        self.assertIn('cannot be set directly', result['messages'][0]['message'])
        self.assertEqual(order.merch_customs_state, 'released')

    def test_a_manager_resets_with_a_reason_a_merchandiser_cannot(self):
        order = self._confirmed()
        order.action_customs_prepare()
        with self.assertRaises(AccessError):
            order.with_user(self.merchandiser).action_reset_customs('Wrong trade mode')
        with self.assertRaises(AccessError):
            self.env['merchandising.customs.reset'].with_user(self.merchandiser).create({
                'order_id': order.id, 'state': 'none', 'reason': 'Wrong trade mode'}).action_reset()
        # No context key opens the door (11.0's merch_customs_reset did).
        with self.assertRaisesRegex(UserError, 'Customs Status cannot be set directly: .*Reset Customs'):
            order.with_user(self.merchandiser).with_context(merch_customs_reset=True).write(
                {'merch_customs_state': 'none'})
        self.assertEqual(order.merch_customs_state, 'prepared')
        wizard = self.env['merchandising.customs.reset'].with_user(self.manager).with_context(
            active_id=order.id).create({'reason': 'Wrong trade mode on the pre-record'})
        wizard.action_reset()
        self.assertEqual(order.merch_customs_state, 'none')
        self.assertFalse(order.merch_customs_prepared_date)
        note = order.message_ids.filtered(lambda m: 'Wrong trade mode on the pre-record' in m.body)
        self.assertEqual(len(note), 1)
        self.assertIn('from Prepared to Not Started', note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)

    def test_a_reset_goes_back_and_says_why(self):
        order = self._confirmed(merch_declaration_no=DECLARATION_NO)
        order.action_customs_prepare()
        order.action_customs_declare()
        manager_order = order.with_user(self.manager)
        with self.assertRaisesRegex(UserError, 'Say why'):
            manager_order.action_reset_customs('  ')
        with self.assertRaisesRegex(UserError, 'a reset goes back'):
            manager_order.action_reset_customs('Released already?', 'released')
        manager_order.action_reset_customs('Declaration withdrawn: wrong HS code', 'prepared')
        self.assertEqual(order.merch_customs_state, 'prepared')
        self.assertEqual(order.merch_customs_prepared_date, date(2026, 11, 26))
        self.assertFalse(order.merch_declaration_date)
        # And the steps start again from there.
        order.action_customs_declare()
        self.assertEqual(order.merch_customs_state, 'declared')

    def test_shipping_records_the_day_the_last_delivery_left(self):
        order = self._confirmed()
        self.assertFalse(order.merch_ship_date)
        with freeze_time('2026-11-28 10:00:00'):
            self._deliver(order)
        self.assertEqual(order.merch_ship_date, date(2026, 11, 28))
        self.assertEqual(order.picking_ids.merch_customs_state, 'none')

    def test_the_ship_date_is_the_warehouse_s_day(self):
        # 20:00 UTC on 28 November is already the 29th at the factory in Shanghai.
        self.env.company.partner_id.tz = 'Asia/Shanghai'
        order = self._confirmed()
        with freeze_time('2026-11-28 20:00:00'):
            self._deliver(order)
        self.assertEqual(order.merch_ship_date, date(2026, 11, 29))


class TestCustomsGates(CustomsCase, MerchandisingCase):

    def test_booking_needs_hs_codes_and_declaration_elements(self):
        bare = self.env['product.product'].create({'name': 'Wool scarf', 'type': 'consu'})
        order = self._order(merchandiser=self.merchandiser, order_line=[
            Command.create({'product_id': self.product.id, 'product_uom_qty': 10, 'price_unit': 20}),
            Command.create({'product_id': bare.id, 'product_uom_qty': 10, 'price_unit': 9})])
        order.action_confirm()
        # Booking comes after Production, which the PP sample gates.
        self._approve_samples(order, 'pp')
        self.product.merch_declaration_value_ids.filtered(lambda v: v.element == '成分含量').value = False
        with self.assertRaises(UserError) as error:
            order.merch_stage_id = self.stage['booking_customs']
        message = str(error.exception)
        self.assertNotIn('sample', message)
        self.assertIn('Wool scarf has no HS code', message)
        self.assertIn('Merino base layer: the declaration elements 成分含量 of HS code 6109909000 have no value',
                      message)
        self.product.merch_declaration_value_ids.filtered(lambda v: v.element == '成分含量').value = '100%羊毛'
        bare.write({'hs_code_id': self.hs_code.id})
        bare.product_tmpl_id.action_merch_fill_declaration_elements()
        bare.merch_declaration_value_ids.write({'value': '羊毛围巾'})
        order.merch_stage_id = self.stage['booking_customs']
        self.assertEqual(order.merch_stage_id, self.stage['booking_customs'])

    def test_shipped_needs_the_release_the_documents_and_the_delivery(self):
        order = self._confirmed()
        with self.assertRaises(UserError) as error:
            order.merch_stage_id = self.stage['shipped']
        message = str(error.exception)
        self.assertIn('customs have not released the goods (Customs Status: Not Started)', message)
        self.assertIn('documents not received yet: Commercial invoice, Packing list, Customs declaration', message)
        self.assertIn('the delivery is not done yet', message)
        # The samples' gate speaks in the same error.
        self.assertIn('%s: no Pre-production (PP) sample yet' % order.name, message)
        self.assertIn('%s: no Shipping sample yet' % order.name, message)
        self._approve_samples(order)
        with self.assertRaises(UserError) as error:
            order.merch_stage_id = self.stage['shipped']
        self.assertNotIn('sample', str(error.exception))
        self.assertIn('customs have not released the goods', str(error.exception))
        order.merch_declaration_no = DECLARATION_NO
        order.action_customs_prepare()
        order.action_customs_declare()
        order.action_customs_release()
        order.merch_document_ids.action_receive()
        with self.assertRaisesRegex(UserError, 'the delivery is not done yet') as error:
            order.merch_stage_id = self.stage['shipped']
        self.assertNotIn('documents', str(error.exception))
        self._deliver(order)
        order.merch_stage_id = self.stage['shipped']
        self.assertEqual(order.merch_stage_id, self.stage['shipped'])

    def test_after_shipping_only_a_manager_changes_what_was_declared(self):
        order = self._confirmed()
        self._ship(order)
        order.merch_stage_id = self.stage['shipped']
        self._flush_tracking()
        merchandiser_order = order.with_user(self.merchandiser)
        with self.assertRaisesRegex(UserError, 'has shipped'):
            merchandiser_order.write({'merch_packages': 14})
        # No context key opens the door either.
        with self.assertRaisesRegex(UserError, 'has shipped'):
            merchandiser_order.with_context(merch_customs_reset=True).write({'merch_packages': 14})
        # Nor going around the order to its containers.
        with self.assertRaisesRegex(UserError, 'has shipped'):
            self.env['merchandising.container'].with_user(self.merchandiser).create({
                'order_id': order.id, 'container_type': 'lcl'})
        self.assertTrue(merchandiser_order.merch_customs_locked)
        self.assertFalse(order.with_user(self.manager).merch_customs_locked)
        order.with_user(self.manager).write({'merch_packages': 14})
        self.assertEqual(order.merch_packages, 14)
        note = order.message_ids.filtered(lambda m: 'Corrected after shipping' in (m.body or ''))
        self.assertIn('Packages', note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        # The voyage goes on: the B/L comes, the vessel sails, customs close.
        merchandiser_order.write({'merch_bl_number': 'COSU6251234560', 'merch_atd': '2026-11-30'})
        merchandiser_order.action_customs_close()
        self.assertEqual(order.merch_customs_state, 'closed')

    def test_the_gates_follow_the_stage_flags(self):
        # A manager asks for the customs data one stage earlier.
        self.stage['inspection'].requires_customs_data = True
        bare = self.env['product.product'].create({'name': 'Wool scarf', 'type': 'consu'})
        order = self._confirmed(order_line=[Command.create({'product_id': bare.id, 'product_uom_qty': 10})])
        self._approve_samples(order, 'pp')
        with self.assertRaisesRegex(UserError, 'Wool scarf has no HS code'):
            order.merch_stage_id = self.stage['inspection']
        order.merch_stage_id = self.stage['production']
        self.assertEqual(order.merch_stage_id, self.stage['production'])


class TestKeyCustomers(CustomsCase, MerchandisingCase):

    def test_key_customer_flag_shows_on_orders_of_the_company_and_its_contacts(self):
        buyer = self.env['res.partner'].create({'name': 'Mari Tamm', 'parent_id': self.customer.id})
        order_company = self._order()
        order_contact = self._order(partner_id=buyer.id)
        self.assertFalse(order_company.key_customer)
        self.customer.key_customer = True
        self.assertTrue(order_company.key_customer)
        self.assertTrue(order_contact.key_customer)
        key_orders = self.env['sale.order'].search([('key_customer', '=', True)])
        self.assertIn(order_company, key_orders)
        self.assertIn(order_contact, key_orders)

    def test_the_key_customer_is_reserved_first_when_stock_is_short(self):
        scarce = self.env['product.product'].create({
            'name': 'Recycled down jacket', 'type': 'consu', 'is_storable': True})
        key = self.env['res.partner'].create({'name': 'Nordic Key AB', 'customer_rank': 1, 'key_customer': True})
        lines = [Command.create({'product_id': scarce.id, 'product_uom_qty': 100, 'price_unit': 30})]
        first = self._confirmed(order_line=lines)
        second = self._confirmed(partner_id=key.id, order_line=lines)
        self.assertEqual((first.picking_ids.priority, second.picking_ids.priority), ('0', '1'))
        stock = self.env['stock.warehouse'].search([('company_id', '=', self.env.company.id)], limit=1).lot_stock_id
        self.env['stock.quant']._update_available_quantity(scarce, stock, 100)
        self.env['procurement.group'].run_scheduler()
        self.assertEqual(second.picking_ids.state, 'assigned')
        self.assertEqual(first.picking_ids.state, 'confirmed')


class TestCustomsAccess(CustomsCase, MerchandisingCase):

    def test_merchandisers_edit_the_customs_data_of_their_orders_only(self):
        mine = self._confirmed()
        theirs = self._confirmed(merchandiser=self.other_merchandiser)
        mine.with_user(self.merchandiser).write({
            'merch_vessel': 'COSCO SHIPPING ARIES / 045E',
            'merch_container_ids': [Command.create({'name': 'CSQU3054383', 'seal_number': 'SL884512'})]})
        mine.merch_document_ids[0].with_user(self.merchandiser).action_receive()
        self.assertEqual(mine.merch_document_ids[0].state, 'received')
        with self.assertRaises(AccessError):
            theirs.with_user(self.merchandiser).write({'merch_vessel': 'EVER GIVEN / 001W'})
        with self.assertRaises(AccessError):
            theirs.merch_document_ids[0].with_user(self.merchandiser).action_receive()

    def test_document_types_and_trade_modes_are_manager_configuration(self):
        for model, values in (('merchandising.document.type', {'name': 'Mine'}),
                              ('merchandising.trade.mode', {'name': 'Mine', 'code': '0000'})):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.merchandiser).create(values)
        self.env['merchandising.document.type'].with_user(self.manager).create({'name': 'Fumigation certificate'})

    def test_the_warehouse_sees_the_export_data_of_its_deliveries(self):
        order = self._confirmed(merch_shipping_marks='BALTIC\nC/NO. 1-UP')
        order.merch_container_ids = [Command.create({'name': 'CSQU3054383'})]
        order.merch_declaration_no = DECLARATION_NO
        order.action_customs_prepare()
        storekeeper = self._user('Wu Gang', 'test_storekeeper', self.env.ref('stock.group_stock_user'))
        picking = order.picking_ids.with_user(storekeeper)
        self.assertEqual(picking.merch_customs_state, 'prepared')
        self.assertEqual(picking.merch_container_ids.name, 'CSQU3054383')
        self.assertEqual(picking.merch_shipping_marks, 'BALTIC\nC/NO. 1-UP')
        self.assertFalse(picking.key_customer)
