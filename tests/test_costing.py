"""The costing sheet (计算报价单): a rain jacket costed in yuan for a buyer
quoted in dollars, its FOB and CIF prices worked out by hand; what the sheet
refuses; the versions the buyer haggles through, the one applied to the
quotation, and the margin gate on confirmation."""
import io
import shutil
import zipfile
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from customs_case import pdf_text
from merchandising_case import MerchandisingCase

RATE_DATE = '2026-11-25'


class CostingCase(MerchandisingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.usd, cls.cny = env.ref('base.USD'), env.ref('base.CNY')
        cls.cny.active = True
        # 1 USD = 7.2 CNY on the rate date, whatever the company's own currency.
        for currency, rate in ((cls.usd, 1.0), (cls.cny, 7.2)):
            existing = env['res.currency.rate'].search([
                ('currency_id', '=', currency.id), ('name', '=', RATE_DATE), ('company_id', '=', env.company.id)])
            existing.unlink()
            env['res.currency.rate'].create({
                'currency_id': currency.id, 'name': RATE_DATE, 'rate': rate, 'company_id': env.company.id})
        hs_code = env['hs.code'].create({'local_code': '6201930000', 'description': "Anoraks of man-made fibres",
                                         'merch_rebate_rate': 13})
        cls.product.hs_code_id = hs_code
        cls.pricelist_usd = env['product.pricelist'].create({'name': 'USD', 'currency_id': cls.usd.id})
        cls.fob = env.ref('account.incoterm_FOB')
        cls.cif = env.ref('account.incoterm_CIF')
        cls.metre = env.ref('uom.product_uom_meter')
        cls.unit = env.ref('uom.product_uom_unit')
        cls.env.company.merch_min_margin_percent = 10.0

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser, pricelist_id=self.pricelist_usd.id,
                                 date_order=datetime(2026, 11, 25, 8, 0), order_line=[Command.create({
                                     'product_id': self.product.id, 'product_uom_qty': 3000, 'price_unit': 9.0})])
        self.line = self.order.order_line
        self.Costing = self.env['merchandising.costing'].with_user(self.merchandiser)

    def _components(self):
        return [
            Command.create({'kind': 'material', 'name': 'Shell fabric', 'consumption': 1.5, 'uom_id': self.metre.id,
                            'unit_price': 20.0, 'waste_percent': 3}),
            Command.create({'kind': 'trim', 'name': 'Zip and snaps', 'consumption': 1, 'uom_id': self.unit.id,
                            'unit_price': 4.52}),
            Command.create({'kind': 'packing', 'name': 'Polybag and carton', 'consumption': 1,
                            'uom_id': self.unit.id, 'unit_price': 1.13}),
            Command.create({'kind': 'labour', 'name': 'CM', 'consumption': 1, 'uom_id': self.unit.id,
                            'unit_price': 12.0}),
        ]

    def _sheet(self, **vals):
        """The rain jacket's sheet for the quotation line, as the merchandiser fills it in."""
        return self.Costing.create(dict({
            'order_line_id': self.line.id, 'cost_currency_id': self.cny.id, 'overhead_percent': 10,
            'commission_percent': 5, 'margin_percent': 15, 'testing_cost': 3000, 'inland_freight': 1500,
            'ocean_freight': 6000, 'line_ids': self._components(),
        }, **vals))


@freeze_time('2026-11-26 08:00:00')
class TestCostingFigures(CostingCase):

    def test_fob_and_cif_prices_worked_out_by_hand(self):
        """3,000 jackets, costs in CNY, quoted in USD at 1 USD = 7.2 CNY;
        13 % VAT in the suppliers' prices, 13 % rebate on the HS code.

        Components, per piece (subtotal, then export cost = subtotal −
        subtotal ÷ 1.13 × 13 %, i.e. subtotal ÷ 1.13 when VAT = rebate):
          shell fabric  1.5 m × 20.00 × 1.03 = 30.90 → 27.3451
          zip, snaps    1 × 4.52             =  4.52 →  4.0000
          packing       1 × 1.13             =  1.13 →  1.0000
          CM (no VAT)   1 × 12.00            = 12.00 → 12.0000
        direct 44.3451; overheads 10 % 4.4345;
        EXW = 48.7796 + testing 3,000 ÷ 3,000 = 49.7796
        FOB = EXW + inland 1,500 ÷ 3,000 = 50.2796
        CFR = FOB + ocean 6,000 ÷ 3,000 = 52.2796
        commission 5 % + margin 15 %: price = cost ÷ 0.80
        FOB price 50.2796 ÷ 0.80 = 62.8496 CNY ÷ 7.2 = 8.729 → 8.73 USD
        CIF price 52.2796 ÷ (0.80 − 1.1 × 0.3 %) = 52.2796 ÷ 0.7967
                  = 65.6202 CNY ÷ 7.2 = 9.114 → 9.11 USD
        500 pieces FOB: 48.7796 + 3,000 ÷ 500 + 1,500 ÷ 500 = 57.7796
                  ÷ 0.80 = 72.2246 CNY ÷ 7.2 = 10.031 → 10.03 USD
        """
        sheet = self._sheet(break_ids=[Command.create({'quantity': 500}), Command.create({'quantity': 3000})])
        self.assertEqual((sheet.currency_id, sheet.incoterm_id, sheet.quantity, sheet.rebate_rate, sheet.vat_rate),
                         (self.usd, self.fob, 3000, 13, 13))
        self.assertEqual(sheet.rate_date, date(2026, 11, 25))
        self.assertEqual(sheet.rate_display, '1 USD = 7.2 CNY')
        self.assertEqual([round(line.export_cost, 4) for line in sheet.line_ids], [27.3451, 4.0, 1.0, 12.0])
        self.assertEqual((sheet.direct_cost, sheet.overhead_cost), (44.35, 4.43))
        self.assertEqual((sheet.exw_cost, sheet.fob_cost, sheet.cfr_cost), (49.78, 50.28, 52.28))
        self.assertEqual((sheet.price_fob, sheet.price_cif), (8.73, 9.11))
        self.assertEqual((sheet.unit_price, sheet.unit_cost), (8.73, 6.98))
        self.assertEqual(sheet.margin_amount, 1.31, "15 % of 8.73")
        self.assertEqual(sheet.break_ids.mapped('unit_price'), [10.03, 8.73],
                         "500 pieces bear six times the testing and trucking of each of 3,000")

        sheet.incoterm_id = self.cif
        self.assertEqual(sheet.unit_price, 9.11)
        # The insured 110 % of 9.114 at 0.3 %: 0.030 USD more cost than CFR.
        self.assertEqual(sheet.unit_cost, 7.29)
        # 500 pieces CIF: 57.7796 + 6,000 ÷ 500 = 69.7796 ÷ 0.7967 = 87.5859 CNY ÷ 7.2 = 12.165 → 12.16
        self.assertEqual(sheet.break_ids.mapped('unit_price'), [12.16, 9.11])

    def test_a_component_priced_by_its_cheapest_vendor(self):
        fabric = self.env['product.product'].create({
            'name': 'Nylon taslan', 'type': 'consu', 'uom_id': self.metre.id, 'uom_po_id': self.metre.id,
            'standard_price': 5.0})
        mills = self.env['res.partner'].create([{'name': 'Wuxi Mill'}, {'name': 'Shaoxing Mill'}])
        self.env['product.supplierinfo'].create([
            {'partner_id': mills[0].id, 'product_tmpl_id': fabric.product_tmpl_id.id, 'price': 21.6,
             'currency_id': self.cny.id},
            {'partner_id': mills[1].id, 'product_tmpl_id': fabric.product_tmpl_id.id, 'price': 19.8,
             'currency_id': self.cny.id}])
        sheet = self._sheet(line_ids=[Command.create({'product_id': fabric.id, 'consumption': 1.5})])
        component = sheet.line_ids
        self.assertEqual((component.name, component.uom_id, component.unit_price), ('Nylon taslan', self.metre, 19.8))
        self.assertTrue(component.vat_included)
        labour = self.Costing.create({'product_id': self.product.id, 'quantity': 500, 'line_ids': [
            Command.create({'kind': 'labour', 'name': 'CM', 'uom_id': self.unit.id, 'unit_price': 10})]})
        self.assertFalse(labour.line_ids.vat_included, "the factory's making is bought without VAT")
        self.assertEqual(labour.currency_id, self.env.company.currency_id, "a style alone: the company's currency")


@freeze_time('2026-11-26 08:00:00')
class TestCostingRules(CostingCase):

    def _refused(self, vals, *words):
        """``vals`` make no sheet: the error names the sheet and ``words``."""
        count = self.env['merchandising.costing'].search_count([])
        with self.assertRaises(ValidationError) as caught:
            self._sheet(**vals)
        for word in ('Costing CST',) + words:
            self.assertIn(word, str(caught.exception))
        self.assertEqual(self.env['merchandising.costing'].search_count([]), count, "nothing is saved")
        return str(caught.exception)

    def test_bad_input_is_refused_naming_the_field(self):
        cases = [
            ({'line_ids': self._components() + [Command.create({'name': 'Hangtag', 'unit_price': 0.3})]},
             'line 5 “Hangtag”', 'Unit is missing'),
            ({'line_ids': [Command.create({'name': 'Zip', 'uom_id': self.unit.id, 'unit_price': -4})]},
             'line 1 “Zip”', 'Unit Price is -4'),
            ({'line_ids': [Command.create({'name': 'Fabric', 'uom_id': self.metre.id, 'consumption': -1.5})]},
             'line 1 “Fabric”', 'Consumption is -1.5'),
            ({'rate_date': '2005-01-01'}, 'no exchange rate of', 'Rate Date'),
            ({'margin_percent': 100}, 'Margin (%)', 'less than 100'),
            ({'margin_percent': -5}, 'Margin (%) is -5'),
            ({'commission_percent': 10, 'margin_percent': 90}, 'Commission (%)', 'nothing is left'),
            ({'incoterm_id': self.cif.id, 'ocean_freight': 0}, 'at CIF', 'Ocean Freight'),
            ({'inland_freight': -100}, 'Inland Freight is -100'),
            ({'quantity': 0}, 'Quantity is 0'),
            ({'break_ids': [Command.create({'quantity': -500})]}, 'price break for -500', 'Quantity'),
            ({'break_ids': [Command.create({'quantity': 500, 'margin_percent': 96})]}, 'price break for 500',
             'nothing is left'),
        ]
        for vals, *words in cases:
            with self.subTest(vals=vals):
                self._refused(vals, *words)

    def test_the_form_refuses_a_component_without_unit(self):
        count = self.env['merchandising.costing'].search_count([])
        form = Form(self.Costing)
        form.order_line_id = self.line
        form.cost_currency_id = self.cny
        self.assertEqual((form.product_id, form.quantity, form.rebate_rate), (self.product, 3000, 13))
        with form.line_ids.new() as component:
            component.name = 'Shell fabric'
            component.unit_price = 20.0
            component.uom_id = self.env['uom.uom']
        with self.assertRaises(ValidationError) as caught:
            form.save()
        self.assertIn('line 1 “Shell fabric”: the Unit is missing', str(caught.exception))
        self.assertEqual(self.env['merchandising.costing'].search_count([]), count)

    def test_an_import_is_refused_with_the_same_message(self):
        count = self.env['merchandising.costing'].search_count([])
        result = self.Costing.load(
            ['product_id/.id', 'quantity', 'margin_percent', 'line_ids/name', 'line_ids/unit_price'],
            [[str(self.product.id), '500', '15', 'Shell fabric', '20']])
        self.assertFalse(result['ids'])
        self.assertIn('line 1 “Shell fabric”: the Unit is missing', result['messages'][0]['message'])
        result = self.Costing.load(['product_id/.id', 'quantity', 'margin_percent'],
                                   [[str(self.product.id), '500', '120']])
        self.assertFalse(result['ids'])
        self.assertIn('Margin (%)', result['messages'][0]['message'])
        self.assertEqual(self.env['merchandising.costing'].search_count([]), count)

    def test_salespeople_read_sheets_and_change_nothing(self):
        sheet = self._sheet()
        self.assertEqual(sheet.with_user(self.salesperson).unit_price, 8.73)
        with self.assertRaises(AccessError):
            sheet.with_user(self.salesperson).margin_percent = 10
        with self.assertRaises(AccessError):
            sheet.with_user(self.merchandiser).unlink()


@freeze_time('2026-11-26 08:00:00')
class TestCostingVersions(CostingCase):

    def test_a_new_version_says_who_when_and_why_and_applying_it_prices_the_line(self):
        first = self._sheet()
        self.assertEqual(first.display_name, '%s v1' % first.name)
        with freeze_time('2026-11-27 10:00:00'):
            # A later request: its own transaction time, the new version's date.
            self.env.cr._now = datetime.now()
            action = first.action_new_version()
            wizard = self.env[action['res_model']].with_user(self.other_merchandiser).with_context(
                action['context']).create({'reason': "Buyer's target 8.50 FOB"})
            second = self.Costing.browse(wizard.action_create_version()['res_id'])
        self.assertEqual((second.name, second.version, second.version_reason), (first.name, 2, "Buyer's target 8.50 FOB"))
        self.assertEqual((second.create_uid, second.create_date), (self.other_merchandiser, datetime(2026, 11, 27, 10, 0)))
        self.assertEqual((second.previous_version_id, second.origin_id, first.origin_id), (first, first, first))
        self.assertEqual(len(second.line_ids), 4)
        self.assertEqual(first.state, 'superseded')
        self.assertEqual(second.version_ids, first | second)
        with self.assertRaises(UserError):
            first.margin_percent = 12

        second.margin_percent = 12
        second.action_apply()
        # 50.2796 CNY ÷ (1 − 5 % − 12 %) = 60.5778 CNY ÷ 7.2 = 8.4136 USD
        self.assertEqual((self.line.price_unit, self.line.merch_costing_id, second.state), (8.41, second, 'applied'))
        self.assertAlmostEqual(self.line.merch_costing_margin, 12.0, delta=0.1)

        # At the order's incoterm, whatever the sheet's: the buyer wants CIF.
        third = second._merch_new_version("CIF Gothenburg")
        self.order.incoterm = self.cif
        third.action_apply()
        self.assertEqual((second.state, third.state), ('superseded', 'applied'))
        self.assertEqual((self.line.price_unit, self.line.merch_costing_id), (third.price_cif, third))

    def test_an_applied_sheet_is_locked(self):
        sheet = self._sheet()
        sheet.action_apply()
        for change in (lambda: sheet.write({'margin_percent': 10}),
                       lambda: sheet.line_ids[0].write({'unit_price': 18}),
                       lambda: sheet.line_ids[0].unlink(),
                       lambda: sheet.write({'line_ids': [Command.create({'name': 'Tape', 'uom_id': self.metre.id})]}),
                       lambda: sheet.with_user(self.manager).unlink()):
            with self.subTest(change=change), self.assertRaises(UserError) as caught:
                change()
            self.assertIn('Make a new version', str(caught.exception))
        self.assertEqual(sheet.margin_percent, 15)
        with self.assertRaises(ValidationError):
            sheet.copy({'version': 2, 'name': sheet.name, 'previous_version_id': sheet.id})

    def test_only_quotations_are_priced(self):
        sheet = self._sheet()
        self.order.with_user(self.manager).action_confirm()
        with self.assertRaises(UserError) as caught:
            sheet.action_apply()
        self.assertIn('no longer a quotation', str(caught.exception))
        style = self.Costing.create({'product_id': self.product.id, 'quantity': 500, 'line_ids': self._components()})
        with self.assertRaises(UserError) as caught:
            style.action_apply()
        self.assertIn('prices no quotation line', str(caught.exception))


@freeze_time('2026-11-26 08:00:00')
class TestMarginGate(CostingCase):

    def test_below_the_minimum_margin_only_a_manager_confirms(self):
        sheet = self._sheet()
        sheet.action_apply()
        # Price 7.80 against a FOB cost of 6.98 and 5 % commission (0.39):
        # (7.80 − 6.98 − 0.39) ÷ 7.80 = 5.5 %, below the 10 % minimum.
        self.line.with_user(self.merchandiser).price_unit = 7.80
        self.assertAlmostEqual(self.line.merch_costing_margin, 5.5, places=1)
        with self.assertRaises(UserError) as caught:
            self.order.with_user(self.merchandiser).action_confirm()
        message = str(caught.exception)
        for word in (self.order.name, self.product.display_name, '7.80', '6.98', '5.0 % commission', '5.5 %',
                     '10.0 %', sheet.display_name):
            self.assertIn(word, message)
        self.assertEqual(self.order.state, 'draft')
        self.order.with_user(self.manager).action_confirm()
        self.assertEqual(self.order.state, 'sale')

    def test_the_confirmation_stage_asks_the_margin_too(self):
        self._sheet().action_apply()
        self.line.with_user(self.merchandiser).price_unit = 7.80
        stage = self.env['merchandising.stage']._confirmation_stage(self.order.company_id)
        self.assertTrue(stage, "the default pipeline has a confirmation stage")
        with self.assertRaisesRegex(UserError, f"cannot be changed to '{stage.name}':\\n{self.order.name} cannot "
                                    "be confirmed: .* a margin of 5.5 %"):
            self.order.with_user(self.merchandiser).write({'merch_stage_id': stage.id})
        self.assertNotEqual(self.order.merch_stage_id, stage)
        # Without a confirmation stage the confirmation is refused all the same.
        stage.is_confirmation_stage = False
        with self.assertRaisesRegex(UserError, 'a margin of 5.5 %'):
            self.order.with_user(self.merchandiser).action_confirm()
        self.assertEqual(self.order.state, 'draft')

    def test_a_price_leaving_the_margin_and_uncosted_lines_pass(self):
        self._sheet().action_apply()
        self.order.with_user(self.merchandiser).action_confirm()
        self.assertEqual(self.order.state, 'sale')
        uncosted = self._order(merchandiser=self.merchandiser)
        uncosted.order_line.price_unit = 0.5
        uncosted.with_user(self.merchandiser).action_confirm()
        self.assertEqual(uncosted.state, 'sale')


@freeze_time('2026-11-26 08:00:00')
class TestCostingReports(CostingCase):

    def test_the_sheet_printed_and_exported(self):
        sheet = self._sheet()
        self.assertTrue(shutil.which('wkhtmltopdf') and shutil.which('pdftotext'),
                        'wkhtmltopdf and pdftotext are needed: `make test` installs them as root')
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        Report = self.env['ir.actions.report'].with_user(self.merchandiser)
        content, report_type = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            'merchandising.action_report_merchandising_costing', sheet.ids)
        self.assertEqual(report_type, 'pdf')
        text = pdf_text(content)
        for label in ('COSTING SHEET 计算报价单', 'Materials 物料', 'FOB price 离岸价', 'CIF price 到岸价',
                      'Shell fabric', '8.73', '9.11', '1 USD = 7.2 CNY'):
            self.assertIn(label, text)
        content, file_type = Report._render_xlsx('merchandising.action_report_merchandising_costing_xlsx',
                                                 sheet.ids, {})
        self.assertEqual(file_type, 'xlsx')
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            strings = workbook.read('xl/sharedStrings.xml').decode()
        self.assertIn('FOB price 离岸价', strings)
        self.assertIn('Shell fabric', strings)
