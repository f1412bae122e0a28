from odoo import models

from .sale_order_tna_xlsx import SaleOrderTnaXlsx, base_styles


class MerchandisingCostingXlsx(models.AbstractModel):
    """Costing sheets as an Excel workbook, one sheet per version: what the
    merchandiser works on further with the factory, or files with the
    quotation. Labels are bilingual, as on the printed sheet."""

    _name = 'report.merchandising.merchandising_costing_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Costing Sheet (Excel)'

    def generate_xlsx_report(self, workbook, data, objs):
        styles = dict(
            base_styles(workbook),
            number=workbook.add_format({'border': 1, 'num_format': '#,##0.0000'}),
            money=workbook.add_format({'border': 1, 'num_format': '#,##0.00'}),
            total=workbook.add_format({'bold': True, 'border': 1, 'num_format': '#,##0.00'}),
        )
        used = set()
        for sheet in objs:
            worksheet = workbook.add_worksheet(SaleOrderTnaXlsx._sheet_name(sheet.display_name, used))
            self._write_sheet(worksheet, sheet, styles)

    def _write_sheet(self, worksheet, sheet, styles):
        worksheet.write(0, 0, "Costing Sheet 计算报价单 %s" % sheet.display_name, styles['title'])
        header_rows = [
            ("Customer 客户", sheet.partner_id.name or ''),
            ("Style 款式", sheet.product_id.display_name or ''),
            ("Quotation 报价单", sheet.order_id.name or ''),
            ("Quantity 数量", sheet.quantity),
            ("Terms 成交方式", sheet.incoterm_id.code or ''),
            ("Rate 汇率", "%s (%s)" % (sheet.rate_display, sheet.rate_date)),
            ("VAT 增值税 %", sheet.vat_rate),
            ("Rebate 退税率 %", sheet.rebate_rate),
            ("Why this version 版本说明", sheet.version_reason or ''),
        ]
        for row, (label, value) in enumerate(header_rows, start=2):
            worksheet.write(row, 0, label, styles['label'])
            worksheet.write(row, 1, value)

        columns = [("Kind 类别", 14), ("Component 物料", 30), ("Consumption 单耗", 14), ("Unit 单位", 10),
                   ("Unit Price 单价", 14), ("Waste 损耗 %", 12), ("Subtotal 小计", 14),
                   ("Export Cost 退税后成本", 18)]
        table_row = len(header_rows) + 3
        for col, (title, width) in enumerate(columns):
            worksheet.set_column(col, col, width)
            worksheet.write(table_row, col, title, styles['header'])
        kinds = dict(sheet.line_ids._fields['kind']._description_selection(self.env))
        row = table_row
        for row, line in enumerate(sheet.line_ids, start=table_row + 1):
            worksheet.write(row, 0, kinds[line.kind], styles['cell'])
            worksheet.write(row, 1, line.name, styles['cell'])
            worksheet.write_number(row, 2, line.consumption, styles['number'])
            worksheet.write(row, 3, line.uom_id.name or '', styles['cell'])
            worksheet.write_number(row, 4, line.unit_price, styles['number'])
            worksheet.write_number(row, 5, line.waste_percent, styles['money'])
            worksheet.write_number(row, 6, line.subtotal, styles['number'])
            worksheet.write_number(row, 7, line.export_cost, styles['number'])

        cost_currency, currency = sheet.cost_currency_id.name, sheet.currency_id.name
        results = [
            ("Materials 物料 (direct cost 直接成本)", sheet.direct_cost, cost_currency),
            ("Overheads 管理费", sheet.overhead_cost, cost_currency),
            ("EXW cost 工厂交货成本", sheet.exw_cost, cost_currency),
            ("FOB cost 离岸成本", sheet.fob_cost, cost_currency),
            ("CFR cost 成本加运费", sheet.cfr_cost, cost_currency),
            ("EXW price 工厂交货价", sheet.price_exw, currency),
            ("FOB price 离岸价", sheet.price_fob, currency),
            ("CFR price 成本加运费价", sheet.price_cfr, currency),
            ("CIF price 到岸价", sheet.price_cif, currency),
            ("DDP price 完税后交货价", sheet.price_ddp, currency),
            ("Unit price 报价 %s" % sheet.incoterm_id.code, sheet.unit_price, currency),
        ]
        row += 2
        for offset, (label, value, currency_name) in enumerate(results):
            worksheet.write(row + offset, 1, label, styles['label'])
            worksheet.write_number(row + offset, 2, value, styles['total' if offset == len(results) - 1 else 'money'])
            worksheet.write(row + offset, 3, currency_name)

        if sheet.break_ids:
            row += len(results) + 1
            worksheet.write(row, 1, "Price Breaks 阶梯报价", styles['label'])
            for col, title in enumerate(("Quantity 数量", "Margin 利润率 %", "Unit Cost 单位成本", "Unit Price 单价"),
                                        start=1):
                worksheet.write(row + 1, col, title, styles['header'])
            for offset, price_break in enumerate(sheet.break_ids, start=2):
                worksheet.write_number(row + offset, 1, price_break.quantity, styles['cell'])
                worksheet.write_number(row + offset, 2, price_break.margin_percent, styles['money'])
                worksheet.write_number(row + offset, 3, price_break.unit_cost, styles['money'])
                worksheet.write_number(row + offset, 4, price_break.unit_price, styles['money'])
        worksheet.freeze_panes(table_row + 1, 0)
