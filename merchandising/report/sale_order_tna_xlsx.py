import re

from odoo import models

# Characters Excel refuses in a sheet name, and its length limit.
SHEET_NAME_FORBIDDEN = re.compile(r'[\[\]:*?/\\]')
SHEET_NAME_MAX = 31


def base_styles(workbook):
    """The cell formats every workbook of the addon shares: a title, bold
    labels, grey column headers, bordered cells."""
    return {
        'title': workbook.add_format({'bold': True, 'font_size': 14}),
        'label': workbook.add_format({'bold': True}),
        'header': workbook.add_format({'bold': True, 'bg_color': '#DDDDDD', 'border': 1}),
        'cell': workbook.add_format({'border': 1}),
    }


class SaleOrderTnaXlsx(models.AbstractModel):
    """The T&A plan of orders as an Excel workbook, one sheet per order: what
    the merchandiser sends the factory, which plans in spreadsheets."""

    _name = 'report.merchandising.sale_order_tna_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'T&A Plan (Excel)'

    def generate_xlsx_report(self, workbook, data, objs):
        styles = dict(
            base_styles(workbook),
            date=workbook.add_format({'border': 1, 'num_format': 'yyyy-mm-dd'}),
            late=workbook.add_format({'border': 1, 'font_color': '#C0392B'}),
            late_date=workbook.add_format({'border': 1, 'font_color': '#C0392B', 'num_format': 'yyyy-mm-dd'}),
        )
        used = set()
        for order in objs:
            sheet = workbook.add_worksheet(self._sheet_name(order.name, used))
            self._write_order(sheet, order, styles)

    @staticmethod
    def _sheet_name(name, used):
        """The order's name as Excel accepts it, made unique in the workbook
        (two orders may bear the same name)."""
        base = SHEET_NAME_FORBIDDEN.sub('-', name)[:SHEET_NAME_MAX]
        candidate, counter = base, 1
        while candidate.lower() in used:
            counter += 1
            suffix = ' (%d)' % counter
            candidate = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        used.add(candidate.lower())
        return candidate

    def _write_order(self, sheet, order, styles):
        _ = self.env._
        sheet.write(0, 0, _("T&A Plan of %(order)s", order=order.name), styles['title'])
        header_rows = [
            (_("Customer"), order.partner_id.commercial_partner_id.name, False),
            (_("Customer Reference"), order.client_order_ref or '', False),
            (_("Ex-factory Date"), order.ex_factory_date, True),
            (_("Forecast Ship Date"), order.forecast_ship_date, True),
            (_("Merchandiser"), order.merchandiser_id.name or '', False),
        ]
        for row, (label, value, is_date) in enumerate(header_rows, start=2):
            sheet.write(row, 0, label, styles['label'])
            self._write_value(sheet, row, 1, value, styles['cell'], styles['date'], is_date=is_date)

        columns = [
            (_("Milestone"), 'name', 28), (_("Factory / Supplier"), 'partner_id', 24),
            (_("Responsible"), 'user_id', 18), (_("Planned"), 'planned_date', 12),
            (_("Revised"), 'revised_date', 12), (_("Forecast"), 'forecast_date', 12),
            (_("Actual"), 'actual_date', 12), (_("Delay (days)"), 'delay_days', 12),
            (_("Critical Path"), 'is_critical', 12), (_("Status"), 'state', 12),
        ]
        table_row = len(header_rows) + 3
        for col, (title, _name, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(table_row, col, title, styles['header'])
        milestones = order.merch_milestone_ids
        states = dict(milestones._fields['state']._description_selection(self.env))
        for row, milestone in enumerate(milestones, start=table_row + 1):
            late = milestone.state == 'late'
            cell, date = (styles['late'], styles['late_date']) if late else (styles['cell'], styles['date'])
            for col, (_title, name, _width) in enumerate(columns):
                value = milestone[name]
                if name in ('partner_id', 'user_id'):
                    value = value.name or ''
                elif name == 'is_critical':
                    value = _("Yes") if value else ''
                elif name == 'state':
                    value = states[value]
                self._write_value(sheet, row, col, value, cell, date, is_date=name.endswith('_date'))
        sheet.freeze_panes(table_row + 1, 1)

    @staticmethod
    def _write_value(sheet, row, col, value, cell, date, is_date=False):
        if not is_date:
            sheet.write(row, col, value, cell)
        elif value:
            # A real Excel date, so that the factory can sort and filter.
            sheet.write_datetime(row, col, value, date)
        else:
            sheet.write_blank(row, col, None, cell)
