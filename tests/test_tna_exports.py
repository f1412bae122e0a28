"""The T&A plan outside the form: the Excel workbook the factory gets, and the
timeline of the critical path."""
import datetime

import xlrd
from freezegun import freeze_time

from test_tna import TnaCase


@freeze_time('2026-11-26')
class TestTnaExports(TnaCase):

    def setUp(self):
        super(TestTnaExports, self).setUp()
        self.order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01',
                                 client_order_ref='PO-88/17')
        self.order.action_confirm()
        self.plan = self._plan(self.order)
        self.factory = self.env['res.partner'].create({'name': 'Wuxi Textiles', 'supplier': True})
        self.plan[1].write({'partner_id': self.factory.id, 'revised_date': '2027-02-05'})

    def test_the_excel_plan_lists_every_milestone_with_real_dates(self):
        report = self.env.ref('merchandising.action_report_sale_order_tna_xlsx')
        content, file_type = report.sudo(self.merchandiser).render_xlsx(self.order.ids, {})
        self.assertEqual(file_type, 'xlsx')
        book = xlrd.open_workbook(file_contents=content)
        self.assertEqual(book.sheet_names(), [self.order.name])
        sheet = book.sheet_by_index(0)
        self.assertEqual(sheet.cell_value(0, 0), 'T&A Plan of %s' % self.order.name)
        labels = {sheet.cell_value(row, 0): row for row in range(sheet.nrows)}
        self.assertEqual(sheet.cell_value(labels['Customer Reference'], 1), 'PO-88/17')
        header = labels['Milestone']
        self.assertEqual(sheet.row_values(header)[:4], ['Milestone', 'Factory / Supplier', 'Responsible', 'Planned'])
        rows = [sheet.row_values(row) for row in range(header + 1, sheet.nrows)]
        self.assertEqual([row[0] for row in rows], self.plan.mapped('name'))
        in_house = rows[1]
        self.assertEqual(in_house[1], 'Wuxi Textiles')
        # Dates are Excel dates, so the factory can sort and filter them.
        self.assertEqual(sheet.cell_type(header + 2, 3), xlrd.XL_CELL_DATE)
        revised = xlrd.xldate.xldate_as_datetime(in_house[4], book.datemode)
        self.assertEqual(revised, datetime.datetime(2027, 2, 5))
        self.assertEqual(in_house[9], 'Pending')

    def test_one_sheet_per_order_even_with_the_same_name(self):
        other = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        other.action_confirm()
        other.name = self.order.name
        report = self.env.ref('merchandising.action_report_sale_order_tna_xlsx')
        content, dummy = report.render_xlsx((self.order | other).ids, {})
        self.assertEqual(xlrd.open_workbook(file_contents=content).sheet_names(),
                         [self.order.name, '%s (2)' % self.order.name])

    def test_the_timeline_draws_bars_from_planned_to_forecast(self):
        Milestone = self.env['merchandising.milestone'].sudo(self.merchandiser)
        action = self.env.ref('merchandising.action_merchandising_milestone')
        self.assertIn('timeline', action.view_mode.split(','))
        arch = Milestone.fields_view_get(view_type='timeline')['arch']
        for attribute in ('date_start="planned_date"', 'date_stop="forecast_date"',
                          'default_group_by="order_id"', 'edit="false"'):
            self.assertIn(attribute, arch)
        # What the timeline reads: every bar has both ends.
        bars = Milestone.search_read([('order_id', '=', self.order.id)], ['planned_date', 'forecast_date'])
        self.assertEqual(len(bars), 10)
        self.assertTrue(all(bar['planned_date'] and bar['forecast_date'] for bar in bars))
