"""Export customs and shipping (报关, 装运): HS codes and declaration elements,
the order's customs data and status, containers, documents, the gates of
Booking & customs and Shipped, and the deliveries."""
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from merchandising_case import MerchandisingCase

DECLARATION_NO = '310120260518765432'


class CustomsCase(MerchandisingCase):

    def _confirmed(self, **vals):
        order = self._order(merchandiser=self.merchandiser, **vals)
        order.action_confirm()
        return order

    def _deliver(self, order):
        for picking in order.picking_ids:
            for move in picking.move_lines:
                move.quantity_done = move.product_uom_qty
            picking.action_done()


class TestHsCodes(CustomsCase):

    def setUp(self):
        super(TestHsCodes, self).setUp()
        self.env.user.company_id.country_id = self.env.ref('base.cn')
        self.HsCode = self.env['hs.code']

    def test_a_chinese_code_is_normalised_to_10_digits(self):
        code = self.HsCode.create({'local_code': '6110.2000 90', 'merch_rebate_rate': 13})
        self.assertEqual((code.local_code, code.hs_code), ('6110200090', '611020'))
        for wrong in ('61102000', '61102000900', '6110.20.00.AB'):
            with self.assertRaisesRegex(ValidationError, '10 digits.*Local Code'):
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

    def test_a_product_without_hs_code_is_named(self):
        product = self.env['product.template'].create({'name': 'Gift box'})
        self.assertIn('Gift box has no HS code', product._merch_declaration_problem())


class TestCustomsData(CustomsCase):

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
        order.invalidate_cache()
        self.assertEqual(len(order.merch_container_ids), 3)

    def test_dates_and_weights_must_make_sense(self):
        order = self._confirmed()
        with self.assertRaisesRegex(ValidationError, 'ETA 2026-12-01 is before the ETD 2026-12-05'), \
                self.cr.savepoint():
            order.write({'merch_etd': '2026-12-05', 'merch_eta': '2026-12-01'})
        with self.assertRaisesRegex(ValidationError, 'Net Weight.*above the Gross Weight'), self.cr.savepoint():
            order.write({'merch_net_weight': 120.0, 'merch_gross_weight': 110.0})
        # Nothing of the refused writes stayed (the request's transaction is rolled back).
        order.invalidate_cache()
        self.assertEqual((order.merch_etd, order.merch_net_weight), (False, 100.0))

    def test_confirmation_lists_the_documents_and_the_packing(self):
        self.customer.merch_document_type_ids = self.env.ref('merchandising.document_type_certificate_of_origin')
        self.customer.merch_shipping_marks = 'BALTIC APPAREL\nTALLINN\nC/NO. 1-UP'
        self.env['product.packaging'].create({'name': 'Carton of 40', 'product_id': self.product.id, 'qty': 40})
        order = self._confirmed()
        self.assertEqual(order.merch_document_ids.mapped('type_id.name'), [
            'Commercial invoice', 'Packing list', 'Customs declaration', 'Certificate of origin'])
        self.assertEqual(order.merch_shipping_marks, 'BALTIC APPAREL\nTALLINN\nC/NO. 1-UP')
        # 500 pieces of 0.2 kg and 0.002 m³ in cartons of 40.
        self.assertEqual((order.merch_packages, order.merch_net_weight, order.merch_gross_weight,
                          order.merch_volume), (13, 100.0, 100.0, 1.0))
        order.merch_gross_weight = 112.5
        order.action_merch_compute_packing()
        self.assertEqual(order.merch_gross_weight, 112.5)
        with self.assertRaisesRegex(UserError, 'receive the document before approving'):
            order.merch_document_ids[0].action_approve()

    def test_another_company_s_documents_are_not_listed(self):
        # Someone working for two companies confirms an order of one: the
        # other's required documents are not its own.
        other = self.env['res.company'].create({'name': 'Second Export Co.'})
        self.env['merchandising.document.type'].create({
            'name': 'Fumigation certificate', 'required_by_default': True, 'company_id': other.id})
        order = self._confirmed()
        self.assertNotIn('Fumigation certificate', order.merch_document_ids.mapped('type_id.name'))
        self.assertIn('Packing list', order.merch_document_ids.mapped('type_id.name'))


@freeze_time('2026-11-26 09:00:00')
class TestCustomsStatus(CustomsCase):

    def test_each_step_follows_the_one_before_and_is_dated(self):
        order = self._confirmed()
        with self.assertRaisesRegex(UserError, 'from Not Started to Released. The next step is Prepared'):
            order.action_merch_customs_release()
        order.action_merch_customs_prepare()
        with self.assertRaisesRegex(UserError, 'Declaration Number'):
            order.action_merch_customs_declare()
        order.merch_declaration_no = DECLARATION_NO
        order.action_merch_customs_declare()
        order.action_merch_customs_release()
        self.assertEqual((order.merch_customs_state, order.merch_customs_prepared_date,
                          order.merch_declaration_date, order.merch_customs_released_date),
                         ('released', '2026-11-26', '2026-11-26', '2026-11-26'))
        with self.assertRaisesRegex(UserError, 'from Released to Prepared'):
            order.write({'merch_customs_state': 'prepared'})

    def test_a_manager_resets_with_a_reason_a_merchandiser_cannot(self):
        order = self._confirmed()
        order.action_merch_customs_prepare()
        Reset = self.env['merchandising.customs.reset']
        wizard = Reset.sudo(self.merchandiser).create({
            'order_id': order.id, 'state': 'none', 'reason': 'Wrong trade mode'})
        with self.assertRaises(AccessError):
            wizard.action_reset()
        Reset.sudo(self.manager).create({
            'order_id': order.id, 'state': 'none', 'reason': 'Wrong trade mode on the pre-record'}).action_reset()
        self.assertEqual(order.merch_customs_state, 'none')
        self.assertIn('Wrong trade mode on the pre-record', order.message_ids[0].body)
        self.assertIn('from Prepared to Not Started', order.message_ids[0].body)

    def test_shipping_records_the_day_the_last_delivery_left(self):
        order = self._confirmed()
        self.assertFalse(order.merch_ship_date)
        with freeze_time('2026-11-28 10:00:00'):
            self._deliver(order)
        self.assertEqual(order.merch_ship_date, '2026-11-28')
        self.assertEqual(order.picking_ids.merch_customs_state, 'none')


class TestCustomsGates(CustomsCase):

    def test_booking_needs_hs_codes_and_declaration_elements(self):
        bare = self.env['product.product'].create({'name': 'Wool scarf', 'type': 'consu'})
        order = self._order(merchandiser=self.merchandiser, order_line=[
            (0, 0, {'product_id': self.product.id, 'product_uom_qty': 10, 'price_unit': 20}),
            (0, 0, {'product_id': bare.id, 'product_uom_qty': 10, 'price_unit': 9})])
        order.action_confirm()
        self._approve_samples(order, 'pp')
        self.product.merch_declaration_value_ids.filtered(lambda v: v.element == '成分含量').value = False
        with self.assertRaises(UserError) as error:
            order.merch_stage_id = self.stage['booking_customs']
        message = error.exception.name
        self.assertIn('Wool scarf has no HS code', message)
        self.assertIn('Merino base layer: the declaration elements 成分含量 of HS code 6109909000 have no value', message)
        self.product.merch_declaration_value_ids.filtered(lambda v: v.element == '成分含量').value = '100%羊毛'
        bare.write({'hs_code_id': self.hs_code.id})
        bare.product_tmpl_id.action_merch_fill_declaration_elements()
        bare.merch_declaration_value_ids.write({'value': '羊毛围巾'})
        order.merch_stage_id = self.stage['booking_customs']
        self.assertEqual(order.merch_stage_id, self.stage['booking_customs'])

    def test_shipped_needs_the_release_the_documents_and_the_delivery(self):
        order = self._confirmed()
        self._approve_samples(order)
        with self.assertRaises(UserError) as error:
            order.merch_stage_id = self.stage['shipped']
        message = error.exception.name
        self.assertIn('customs have not released the goods (Customs Status: Not Started)', message)
        self.assertIn('documents not received yet: Commercial invoice, Packing list, Customs declaration', message)
        self.assertIn('the delivery is not done yet', message)
        order.merch_declaration_no = DECLARATION_NO
        order.action_merch_customs_prepare()
        order.action_merch_customs_declare()
        order.action_merch_customs_release()
        order.merch_document_ids.action_receive()
        with self.assertRaisesRegex(UserError, 'the delivery is not done yet') as error:
            order.merch_stage_id = self.stage['shipped']
        self.assertNotIn('documents', error.exception.name)
        self._deliver(order)
        order.merch_stage_id = self.stage['shipped']
        self.assertEqual(order.merch_stage_id, self.stage['shipped'])

    def test_after_shipping_only_a_manager_changes_what_was_declared(self):
        order = self._confirmed()
        self._ship(order)
        order.merch_stage_id = self.stage['shipped']
        with self.assertRaisesRegex(UserError, 'has shipped'):
            order.sudo(self.merchandiser).write({'merch_packages': 14})
        order.sudo(self.manager).write({'merch_packages': 14})
        self.assertEqual(order.merch_packages, 14)
        # The voyage goes on: the B/L comes, the vessel sails, customs close.
        order.sudo(self.merchandiser).write({'merch_bl_number': 'COSU6251234560', 'merch_atd': '2026-11-30'})
        order.sudo(self.merchandiser).action_merch_customs_close()
        self.assertEqual(order.merch_customs_state, 'closed')


class TestKeyCustomerPriority(CustomsCase):

    def test_the_key_customer_is_reserved_first_when_stock_is_short(self):
        scarce = self.env['product.product'].create({'name': 'Recycled down jacket', 'type': 'product'})
        key = self.env['res.partner'].create({'name': 'Nordic Key AB', 'customer': True, 'key_customer': True})
        lines = [(0, 0, {'product_id': scarce.id, 'product_uom_qty': 100, 'price_unit': 30})]
        first = self._confirmed(order_line=lines)
        second = self._confirmed(partner_id=key.id, order_line=lines)
        self.assertEqual((first.picking_ids.priority, second.picking_ids.priority), ('1', '2'))
        stock = self.env.ref('stock.stock_location_stock')
        self.env['stock.quant']._update_available_quantity(scarce, stock, 100)
        self.env['procurement.group'].run_scheduler()
        self.assertEqual(second.picking_ids.state, 'assigned')
        self.assertEqual(first.picking_ids.state, 'confirmed')


class TestCustomsAccess(CustomsCase):

    def test_merchandisers_edit_the_customs_data_of_their_orders_only(self):
        mine = self._confirmed()
        theirs = self._order(merchandiser=self.other_merchandiser)
        theirs.action_confirm()
        mine.sudo(self.merchandiser).write({
            'merch_vessel': 'COSCO SHIPPING ARIES / 045E',
            'merch_container_ids': [(0, 0, {'name': 'CSQU3054383', 'seal_number': 'SL884512'})]})
        mine.merch_document_ids[0].sudo(self.merchandiser).action_receive()
        with self.assertRaises(AccessError):
            theirs.sudo(self.merchandiser).write({'merch_vessel': 'EVER GIVEN / 001W'})
        with self.assertRaises(AccessError):
            theirs.merch_document_ids[0].sudo(self.merchandiser).action_receive()

    def test_document_types_and_trade_modes_are_manager_configuration(self):
        for model in ('merchandising.document.type', 'merchandising.trade.mode'):
            with self.assertRaises(AccessError):
                self.env[model].sudo(self.merchandiser).create({'name': 'Mine', 'code': '0000'})
        self.env['merchandising.document.type'].sudo(self.manager).create({'name': 'Fumigation certificate'})
