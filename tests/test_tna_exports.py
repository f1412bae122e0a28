"""The T&A plan outside the form: the Excel workbook the factory gets, and the
timeline of the critical path."""
import datetime
import io

import openpyxl
from freezegun import freeze_time

from tna_case import TnaCase

REPORT = 'merchandising.action_report_sale_order_tna_xlsx'


@freeze_time('2026-11-26')
class TestTnaExports(TnaCase):

    def setUp(self):
        super().setUp()
        self.order = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01',
                                 client_order_ref='PO-88/17')
        self.order.action_confirm()
        self.plan = self._plan(self.order)
        self.factory = self.env['res.partner'].create({'name': 'Wuxi Textiles', 'supplier_rank': 1})
        self.plan[1].write({'partner_id': self.factory.id, 'revised_date': '2027-02-05',
                           'revision_reason_id': self.reason.id})

    def _workbook(self, orders, user=None):
        Report = self.env['ir.actions.report'].with_user(user or self.env.user)
        content, file_type = Report._render_xlsx(REPORT, orders.ids, {})
        self.assertEqual(file_type, 'xlsx')
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_the_excel_plan_lists_every_milestone_with_real_dates(self):
        book = self._workbook(self.order, self.merchandiser)
        self.assertEqual(book.sheetnames, [self.order.name])
        sheet = book.active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][0], 'T&A Plan of %s' % self.order.name)
        labels = {row[0]: index for index, row in enumerate(rows) if row and row[0]}
        self.assertEqual(rows[labels['Customer Reference']][1], 'PO-88/17')
        self.assertEqual(rows[labels['Ex-factory Date']][1], datetime.datetime(2027, 3, 1))
        header = labels['Milestone']
        self.assertEqual(rows[header][:4], ['Milestone', 'Factory / Supplier', 'Responsible', 'Planned'])
        milestones = rows[header + 1:]
        self.assertEqual([row[0] for row in milestones], self.plan.mapped('name'))
        in_house = milestones[1]
        self.assertEqual(in_house[1], 'Wuxi Textiles')
        # Dates are Excel dates, so the factory can sort and filter them.
        self.assertTrue(sheet.cell(row=header + 3, column=4).is_date)
        self.assertEqual(in_house[4], datetime.datetime(2027, 2, 5))
        self.assertEqual(in_house[9], 'Pending')

    def test_one_sheet_per_order_even_with_the_same_name(self):
        other = self._order(merchandiser=self.merchandiser, ex_factory_date='2027-03-01')
        other.action_confirm()
        other.name = self.order.name
        book = self._workbook(self.order | other)
        self.assertEqual(book.sheetnames, [self.order.name, '%s (2)' % self.order.name])

    def test_the_excel_plan_is_on_the_print_menu_of_orders(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, 'sale.order')
        self.assertEqual(report.report_type, 'xlsx')

    def test_the_timeline_draws_bars_from_planned_to_forecast(self):
        Milestone = self.env['merchandising.milestone'].with_user(self.merchandiser)
        action = self.env.ref('merchandising.action_merchandising_milestone')
        self.assertIn('timeline', action.view_mode.split(','))
        arch = Milestone.get_views([(False, 'timeline')])['views']['timeline']['arch']
        for attribute in ('date_start="planned_date"', 'date_stop="forecast_date"',
                          'default_group_by="order_id"', 'edit="false"', 'create="false"'):
            self.assertIn(attribute, arch)
        # What the timeline reads: every bar has both ends.
        bars = Milestone.search_read([('order_id', '=', self.order.id)], ['planned_date', 'forecast_date'])
        self.assertEqual(len(bars), 10)
        self.assertTrue(all(bar['planned_date'] and bar['forecast_date'] for bar in bars))
