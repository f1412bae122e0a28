"""The export documents: commercial invoice, packing list and customs
declaration draft agree with each other and with the order, and print as
real PDFs (wkhtmltopdf, read back with pdftotext) with their Chinese labels."""
import shutil
from datetime import date

from odoo import Command

from customs_case import CustomsCase, pdf_text
from merchandising_case import MerchandisingCase

REPORTS = ('merchandising.report_commercial_invoice', 'merchandising.report_packing_list',
           'merchandising.report_customs_declaration')


class DocumentsCase(CustomsCase, MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fleece = cls.env['product.product'].create({
            'name': 'Fleece jacket', 'type': 'consu', 'weight': 0.45, 'volume': 0.004,
            'hs_code_id': cls.env['hs.code'].create({
                'local_code': '6202400000', 'merch_customs_uom_id': cls.env.ref('uom.product_uom_kgm').id}).id})
        # A copy keeps the declaration elements. (In the test's own
        # environment: a new variant's carries sale's create_product_product
        # = False, and its copy would have no variant.)
        cls.vest = cls.product.with_env(cls.env).copy({'name': 'Merino vest', 'weight': 0.15})

    def _goods(self):
        return [Command.create({'product_id': self.product.id, 'product_uom_qty': 500, 'price_unit': 20.5}),
                Command.create({'product_id': self.vest.id, 'product_uom_qty': 300, 'price_unit': 17.0}),
                Command.create({'product_id': self.fleece.id, 'product_uom_qty': 333, 'price_unit': 31.0})]

    def _pdf(self, report, order):
        """The report printed as the merchandiser prints it: a real PDF."""
        self.assertTrue(shutil.which('wkhtmltopdf') and shutil.which('pdftotext'),
                        'wkhtmltopdf and pdftotext are needed: `make test` installs them as root')
        # wkhtmltopdf fetches the stylesheets from report.url: nothing
        # listens there in a test, and the text is what is read.
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        content, report_type = self.env['ir.actions.report'].with_user(self.merchandiser).with_context(
            force_report_rendering=True)._render_qweb_pdf(report, order.ids)
        self.assertEqual(report_type, 'pdf')
        self.assertTrue(content.startswith(b'%PDF'), content[:200])
        return pdf_text(content)


class TestDocumentFigures(DocumentsCase):

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser, order_line=self._goods())
        self.order.action_confirm()

    def test_the_lines_add_up_to_the_order_as_the_merchandiser_set_it(self):
        # The merchandiser weighed the cartons: 33 packages, 301.7 kg gross.
        self.order.write({'merch_packages': 33, 'merch_gross_weight': 301.7})
        rows = self.order._merch_packing_lines()
        for key, field in (('packages', 'merch_packages'), ('net', 'merch_net_weight'),
                           ('gross', 'merch_gross_weight'), ('volume', 'merch_volume')):
            self.assertAlmostEqual(sum(row[key] for row in rows), self.order[field], places=3, msg=key)
        self.assertEqual(self.order.merch_net_weight, 100 + 45 + 149.85)
        groups = self.order._merch_customs_lines()
        # Grouped by HS code: the two merino products share one.
        self.assertEqual([group['hs_code'].local_code for group in groups], ['6109909000', '6202400000'])
        self.assertEqual(groups[0]['quantity'], 800)
        self.assertAlmostEqual(sum(group['amount'] for group in groups), self.order.amount_untaxed)
        self.assertAlmostEqual(self.order._merch_invoice_total(), self.order.amount_untaxed)
        self.assertAlmostEqual(sum(group['gross'] for group in groups), 301.7)
        self.assertIn('针织|100%美利奴羊毛', groups[0]['elements'])
        # The fleece is declared in kilograms: its net weight.
        quantity, uom = groups[1]['customs_quantities'][0]
        self.assertEqual((round(quantity, 2), uom.name), (149.85, 'kg'))

    def test_the_incoterm_names_its_place(self):
        self.order.write({'incoterm': self.env.ref('account.incoterm_FOB').id, 'merch_port_loading': 'Ningbo',
                          'merch_port_discharge': 'Tallinn'})
        self.assertEqual(self.order._merch_incoterm_place(), 'FOB Ningbo')
        self.order.incoterm = self.env.ref('account.incoterm_CIF')
        self.assertEqual(self.order._merch_incoterm_place(), 'CIF Tallinn')
        # Odoo's own named place of the incoterm, when given, is the place.
        self.order.incoterm_location = 'Muuga'
        self.assertEqual(self.order._merch_incoterm_place(), 'CIF Muuga')

    def test_the_invoice_and_the_packing_list_are_dated_for_the_shipment(self):
        # Planned, not booked yet: the day the goods leave the factory.
        self.order.ex_factory_date = '2027-03-01'
        self.assertEqual(self.order._merch_document_date(), date(2027, 3, 1))
        # The forwarder booked the vessel: its departure.
        self.order.merch_etd = '2027-03-04'
        self.assertEqual(self.order._merch_document_date(), date(2027, 3, 4))
        # A quotation nobody planned: the order date.
        quotation = self._order(date_order='2026-11-16 08:00:00')
        self.assertFalse(quotation.ex_factory_date)
        self.assertEqual(quotation._merch_document_date(), date(2026, 11, 16))


class TestChargesOnTheOrder(DocumentsCase):
    """Freight, insurance and a discount on the order: the invoice shows them
    as rows of their own and adds up to the order; the declaration states the
    goods' value at the incoterm and says so."""

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser, order_line=self._goods() + [
            Command.create({'product_id': self.env['product.product'].create({
                'name': 'Cargo insurance', 'type': 'service'}).id, 'price_unit': 120.0})])
        freight = self.env['product.product'].create({'name': 'Sea freight', 'type': 'service'})
        carrier = self.env['delivery.carrier'].create({
            'name': 'Sea freight Ningbo-Tallinn', 'product_id': freight.id, 'delivery_type': 'fixed'})
        self.order.set_delivery_line(carrier, 850.0)
        self.env['sale.order.discount'].create({
            'sale_order_id': self.order.id, 'discount_type': 'so_discount', 'discount_percentage': 0.05,
        }).action_apply_discount()
        self.order.write({'incoterm': self.env.ref('account.incoterm_FOB').id, 'merch_port_loading': 'Ningbo'})
        self.order.action_confirm()
        self.goods_value = 500 * 20.5 + 300 * 17.0 + 333 * 31.0      # 25,673.00

    def test_the_invoice_rows_add_up_to_the_order(self):
        charges = self.order._merch_charge_lines()
        self.assertEqual(len(charges), 3)
        self.assertEqual(sorted(charges.mapped('price_subtotal'))[-2:], [120.0, 850.0])
        discount = charges.filtered(lambda line: line.price_subtotal < 0)
        self.assertIn('Discount', discount.name)
        rows = [group['amount'] for group in self.order._merch_customs_lines()] + charges.mapped('price_subtotal')
        self.assertAlmostEqual(sum(rows), self.order.amount_untaxed, places=2)
        self.assertAlmostEqual(self.order._merch_invoice_total(), self.order.amount_untaxed, places=2)
        self.assertAlmostEqual(self.order._merch_goods_value(), self.goods_value)
        # The packing is of the goods only.
        self.assertEqual(len(self.order._merch_packing_lines()), 3)

    def test_the_printed_invoice_and_declaration_say_what_their_totals_are(self):
        invoice = self._pdf(REPORTS[0], self.order)
        declaration = self._pdf(REPORTS[2], self.order)
        total = self.order.amount_untaxed
        discount = self.order._merch_charge_lines().filtered(lambda line: line.price_subtotal < 0)
        for text in ('Sea freight Ningbo-Tallinn', '850.00', 'Cargo insurance', '120.00',
                     '{:,.2f}'.format(discount.price_subtotal), '{:,.2f}'.format(total)):
            self.assertIn(text, invoice)
        self.assertIn('{:,.2f}'.format(self.goods_value), declaration)
        self.assertNotIn('{:,.2f}'.format(total), declaration)
        self.assertIn('The value is that of the goods at FOB Ningbo', ' '.join(declaration.split()))
        self.assertIn('Not included', declaration)
        self.assertIn('Sea freight Ningbo-Tallinn', declaration)


class TestDocumentPdfs(DocumentsCase):
    """Printed through wkhtmltopdf, read back with pdftotext: a shipped order
    with two containers, as the forwarder gets it."""

    def test_the_three_documents_print_and_agree(self):
        rain_jacket_code = self.env['hs.code'].create({
            'local_code': '6201400000', 'merch_customs_name': '化纤制男式防风衣',
            'merch_declaration_elements': '品名|是否有涂层'})
        jacket = self.env['product.product'].create({
            'name': 'Waterproof rain jacket', 'type': 'consu', 'is_storable': True, 'weight': 0.55,
            'hs_code_id': rain_jacket_code.id, 'merch_customs_name_en': "Men's waterproof polyester jacket",
            'merch_declaration_value_ids': [Command.create({'element': '品名', 'value': '防水外套', 'sequence': 0}),
                                            Command.create({'element': '是否有涂层', 'value': '有PU涂层', 'sequence': 1})]})
        self.env['product.packaging'].create({'name': 'Carton of 20', 'product_id': jacket.id, 'qty': 20})
        order = self._confirmed(order_line=[Command.create({
            'product_id': jacket.id, 'product_uom_qty': 4000, 'price_unit': 18.4})])
        order.write({
            'incoterm': self.env.ref('account.incoterm_FOB').id, 'merch_port_loading': 'Ningbo',
            'merch_port_discharge': 'Gothenburg', 'merch_gross_weight': 2560.0, 'merch_etd': '2026-12-02',
            'merch_container_ids': [Command.create({'name': 'MSKU9070323', 'container_type': '40hq', 'packages': 120}),
                                    Command.create({'name': 'TGHU1234567', 'container_type': '20gp', 'packages': 80})]})
        self._ship(order)
        order.write({'merch_declaration_no': '310420260000917345'})
        order.merch_stage_id = self.stage['shipped']
        texts = {report: self._pdf(report, order) for report in REPORTS}
        invoice, packing, declaration = (texts[report] for report in REPORTS)
        # The same goods, weights and packages on all three, as on the order.
        self.assertEqual((order.merch_net_weight, order.merch_gross_weight, order.merch_packages), (2200, 2560, 200))
        for text in texts.values():
            for figure in (order.name, '6201400000', '4,000', '2,200.00', '2,560.00', '200'):
                self.assertIn(figure, text)
        # The value on the invoice and the declaration, the containers on the packing list and the declaration.
        self.assertEqual(order.amount_untaxed, 73600)
        for text in (invoice, declaration):
            self.assertIn('73,600.00', text)
        for text in (packing, declaration):
            self.assertIn('MSKU9070323', text)
            self.assertIn('TGHU1234567', text)
        # The invoice and its packing list bear the shipment's date, the ETD.
        for text in (invoice, packing):
            self.assertIn('Date 日期: 12/02/2026', text)
        self.assertIn('FOB Ningbo', invoice)
        self.assertIn('商业发票', invoice)
        self.assertIn('装箱单', packing)
        self.assertIn('310420260000917345', declaration)
        self.assertIn('化纤制男式防', declaration)      # (pdftotext may read 风 as a radical)
        self.assertIn('有PU涂层', declaration)
        self.assertNotIn('Not included', declaration)
