"""The export documents: commercial invoice, packing list and customs
declaration draft agree with each other and with the order, and print as
real PDFs with their Chinese labels."""
import odoo
from odoo.tests.common import SavepointCase

from merchandising_case import MerchandisingCase
from odoo_server import OdooServer, pdf_text, pdf_tools_missing

REPORTS = ('merchandising.report_commercial_invoice', 'merchandising.report_packing_list',
           'merchandising.report_customs_declaration')


class TestDocumentFigures(MerchandisingCase):

    def setUp(self):
        super(TestDocumentFigures, self).setUp()
        self.fleece = self.env['product.product'].create({
            'name': 'Fleece jacket', 'type': 'consu', 'weight': 0.45, 'volume': 0.004,
            'hs_code_id': self.env['hs.code'].create({
                'local_code': '6202400000', 'merch_customs_uom_id': self.env.ref('product.product_uom_kgm').id}).id})
        # A copy keeps the declaration elements; the HS code is per company, set again.
        self.vest = self.product.copy({'name': 'Merino vest', 'weight': 0.15, 'hs_code_id': self.hs_code.id})
        self.order = self._order(merchandiser=self.merchandiser, order_line=[
            (0, 0, {'product_id': self.product.id, 'product_uom_qty': 500, 'price_unit': 20.5}),
            (0, 0, {'product_id': self.vest.id, 'product_uom_qty': 300, 'price_unit': 17.0}),
            (0, 0, {'product_id': self.fleece.id, 'product_uom_qty': 333, 'price_unit': 31.0})])
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
        self.assertAlmostEqual(sum(group['gross'] for group in groups), 301.7)
        self.assertIn('针织|100%美利奴羊毛', groups[0]['elements'])
        # The fleece is declared in kilograms: its net weight.
        quantity, uom = groups[1]['customs_quantities'][0]
        self.assertEqual((round(quantity, 2), uom.name), (149.85, 'kg'))

    def test_the_incoterm_names_its_place(self):
        self.order.write({'incoterm': self.env.ref('stock.incoterm_FOB').id, 'merch_port_loading': 'Ningbo',
                          'merch_port_discharge': 'Tallinn'})
        self.assertEqual(self.order._merch_incoterm_place(), 'FOB Ningbo')
        self.order.incoterm = self.env.ref('stock.incoterm_CIF')
        self.assertEqual(self.order._merch_incoterm_place(), 'CIF Tallinn')


class TestDocumentPdfs(SavepointCase):
    """Printed by a real server, from the demo's shipped order (committed data)."""

    @classmethod
    def setUpClass(cls):
        super(TestDocumentPdfs, cls).setUpClass()
        missing = pdf_tools_missing()
        assert not missing, '%s not installed: `make test` installs them as root (see README)' % missing
        cls.server = OdooServer(cls.env.cr.dbname).start()
        # wkhtmltopdf fetches the stylesheets from report.url: this server.
        with odoo.registry(cls.env.cr.dbname).cursor() as cr:
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})['ir.config_parameter'].set_param(
                'report.url', cls.server.url)
        cls.session = cls.server.session('admin', 'admin')

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        with odoo.registry(cls.env.cr.dbname).cursor() as cr:
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})['ir.config_parameter'].set_param('report.url', False)
        super(TestDocumentPdfs, cls).tearDownClass()

    def _pdf(self, report, order):
        response = self.session.get('%s/report/pdf/%s/%d' % (self.server.url, report, order.id), timeout=300)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b'%PDF'), response.content[:200])
        return pdf_text(response.content)

    def test_the_three_documents_print_and_agree(self):
        order = self.env.ref('merchandising.order_shipped_nordic')
        texts = {report: self._pdf(report, order) for report in REPORTS}
        invoice, packing, declaration = (texts[report] for report in REPORTS)
        # The same goods, weights and packages on all three, as on the order.
        for text in texts.values():
            for figure in (order.name, '6201400000', '4,000', '2,200.00', '2,560.00', '200'):
                self.assertIn(figure, text)
        self.assertEqual((order.merch_net_weight, order.merch_gross_weight, order.merch_packages), (2200, 2560, 200))
        # The value on the invoice and the declaration, the containers on the packing list and the declaration.
        self.assertEqual(order.amount_untaxed, 73600)
        for text in (invoice, declaration):
            self.assertIn('73,600.00', text)
        for text in (packing, declaration):
            self.assertIn('MSKU9070323', text)
            self.assertIn('TGHU1234567', text)
        self.assertIn('FOB Ningbo', invoice)
        self.assertIn('商业发票', invoice)
        self.assertIn('装箱单', packing)
        self.assertIn('310420260000917345', declaration)
        self.assertIn('化纤制男式防', declaration)      # (pdftotext reads 风 as a radical)
        self.assertIn('有PU涂层', declaration)
