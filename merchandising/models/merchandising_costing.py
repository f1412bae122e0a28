from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# What a price at each incoterm covers from the factory's door on: the
# seller pays the trucking to the port from FOB (and FCA, FAS) on, the sea
# freight from CFR (CPT) on, the insurance from CIF (CIP) on, the costs at
# destination from DAP (DPU) on, and the import duty at DDP.
INCOTERM_BASIS = {
    'EXW': 'exw', 'FCA': 'fob', 'FAS': 'fob', 'FOB': 'fob', 'CFR': 'cfr', 'CPT': 'cfr',
    'CIF': 'cif', 'CIP': 'cif', 'DAP': 'dap', 'DPU': 'dap', 'DDP': 'ddp',
}
FREIGHT_INCOTERMS = ('CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP')
INSURED_BASES = ('cif', 'dap', 'ddp')
# Cargo is insured for 110 % of its CIF value (the custom of the trade, and
# what a letter of credit asks for).
INSURED_SHARE = 1.1

# Where a sheet may go from each state: applied to its quotation line, or
# superseded by its next version or by another sheet applied to the line.
TRANSITIONS = {
    'draft': ('applied', 'superseded'),
    'applied': ('superseded',),
    'superseded': (),
}

# What a sheet's prices are made of: once applied to a quotation, these are
# history and a change is a new version.
FIGURE_FIELDS = (
    'order_line_id', 'product_id', 'partner_id', 'company_id', 'currency_id', 'cost_currency_id',
    'rate_date', 'incoterm_id', 'quantity', 'vat_rate', 'rebate_rate', 'overhead_percent',
    'commission_percent', 'margin_percent', 'testing_cost', 'inland_freight', 'ocean_freight',
    'insurance_percent', 'duty_percent', 'destination_cost', 'line_ids', 'break_ids', 'version',
    'version_reason', 'previous_version_id',
)
PERCENT_FIELDS = ('vat_rate', 'rebate_rate', 'overhead_percent', 'commission_percent', 'insurance_percent',
                  'duty_percent')
AMOUNT_FIELDS = ('testing_cost', 'inland_freight', 'ocean_freight', 'destination_cost')


class MerchandisingCosting(models.Model):
    """The costing sheet (计算报价单) a merchandiser works a price out on: what
    one piece costs in fabric, trims, packing and the factory's making (CM),
    less the VAT the export rebate gives back, plus overheads, testing and
    the freight the incoterm puts on the seller; then the price that leaves
    the commission and the margin wanted, FOB, CFR, CIF or DDP, in the
    customer's currency at the day's rate.

    A sheet costs a quotation line, or a style alone to be reused. When the
    buyer haggles, the merchandiser makes a new version and says why; the
    version applied sets the quotation's price and is kept as it was."""

    _name = 'merchandising.costing'
    _description = 'Costing Sheet'
    _inherit = ['mail.thread', 'merchandising.state.mixin']
    _order = 'origin_id desc, version desc, id desc'
    _state_transitions = TRANSITIONS
    _state_hint = _lt(
        "apply the sheet to its quotation line (Apply to Quotation); a new version (New Version) supersedes it")
    _state_final_hint = _lt("make a new version")

    name = fields.Char(
        'Reference', required=True, readonly=True, copy=False, index='trigram',
        default=lambda self: self.env._("New"),
        help="The sheet's reference, shared by all its versions.")
    version = fields.Integer(readonly=True, default=1, copy=False)
    version_reason = fields.Char(
        'Why this version', copy=False, tracking=True,
        help="What changed from the previous version: the buyer's target price, a new fabric price, "
             "another quantity. Required from version 2 on.")
    previous_version_id = fields.Many2one(
        'merchandising.costing', readonly=True, copy=False, ondelete='set null')
    origin_id = fields.Many2one(
        'merchandising.costing', 'First Version', compute='_compute_origin_id', store=True, recursive=True,
        index=True, help="Version 1 of the sheet: all versions of a sheet share it.")
    version_ids = fields.Many2many(
        'merchandising.costing', string='Versions', compute='_compute_version_ids',
        help="All versions of this sheet, the latest first.")
    state = fields.Selection(
        [('draft', 'Draft'), ('applied', 'Applied'), ('superseded', 'Superseded')],
        default='draft', required=True, readonly=True, copy=False, tracking=True,
        help="Applied: its price is the quotation line's, and it can no longer change. Superseded: a "
             "later version replaced it.")

    order_line_id = fields.Many2one(
        'sale.order.line', 'Quotation Line', index='btree_not_null', ondelete='set null', copy=True,
        domain="[('display_type', '=', False), ('state', 'in', ('draft', 'sent'))]",
        help="The quotation line this sheet prices. Leave empty to cost a style alone and reuse the "
             "sheet later.")
    order_id = fields.Many2one(related='order_line_id.order_id', store=True, string='Quotation')
    partner_id = fields.Many2one(
        'res.partner', 'Customer', compute='_compute_from_order_line', store=True, readonly=False,
        copy=True, precompute=True, index='btree_not_null')
    product_id = fields.Many2one(
        'product.product', compute='_compute_from_order_line', store=True, readonly=False,
        copy=True, precompute=True, index='btree_not_null', help="The style costed.")
    company_id = fields.Many2one(
        'res.company', required=True, compute='_compute_from_order_line', store=True,
        readonly=False, copy=True, precompute=True)
    currency_id = fields.Many2one(
        'res.currency', 'Quotation Currency', required=True, compute='_compute_from_order_line', store=True,
        readonly=False, copy=True, precompute=True,
        help="The currency the customer is quoted in: the quotation's.")
    cost_currency_id = fields.Many2one(
        'res.currency', required=True, default=lambda self: self.env.company.currency_id,
        help="The currency the factory and the suppliers are paid in (in China, CNY).")
    rate_date = fields.Date(
        required=True, compute='_compute_from_order_line', store=True, readonly=False,
        copy=True, precompute=True,
        help="The day whose exchange rate converts the costs into the quotation currency.")
    incoterm_id = fields.Many2one(
        'account.incoterms', required=True, compute='_compute_from_order_line', store=True,
        readonly=False, copy=True, precompute=True,
        help="The terms the unit price is worked out for; the other terms' prices are shown beside it.")
    quantity = fields.Float(
        digits='Product Unit of Measure', compute='_compute_from_order_line', store=True,
        readonly=False, copy=True, precompute=True,
        help="Pieces the order's fixed costs (testing, freight) are spread over.")
    vat_rate = fields.Float(
        'VAT (%)', digits=(5, 2), default=13.0,
        help="The VAT in the suppliers' prices (增值税): 13 % on most goods in China.")
    rebate_rate = fields.Float(
        'Export Rebate (%)', digits=(5, 2), compute='_compute_rebate_rate', store=True, readonly=False,
        copy=True, help="The VAT refunded on export (出口退税率), from the product's HS code.")
    overhead_percent = fields.Float(
        'Overheads (%)', digits=(5, 2), help="The office's costs, as a share of the direct cost.")
    commission_percent = fields.Float(
        'Commission (%)', digits=(5, 2), help="The agent's commission, as a share of the price.")
    margin_percent = fields.Float(
        'Margin (%)', digits=(5, 2), default=15.0, help="The margin wanted, as a share of the price.")
    testing_cost = fields.Float(
        'Testing', digits=(16, 2), help="Laboratory tests and inspections for the whole order, in the cost "
                                        "currency.")
    inland_freight = fields.Float(
        digits=(16, 2),
        help="Trucking and port charges to the port of loading for the whole order, in the cost currency.")
    ocean_freight = fields.Float(
        digits=(16, 2),
        help="Sea (or air) freight to the port of destination for the whole order, in the cost currency: "
             "needed from CFR on.")
    insurance_percent = fields.Float(
        'Insurance (%)', digits=(5, 3), default=0.3,
        help="The premium rate of the cargo insurance, on 110 % of the CIF value.")
    duty_percent = fields.Float(
        'Import Duty (%)', digits=(5, 2), help="The import duty at destination on the CIF value, for DDP.")
    destination_cost = fields.Float(
        'Destination Costs', digits=(16, 2),
        help="Unloading, clearance and delivery at destination for the whole order, in the cost currency "
             "(DAP, DPU, DDP).")

    line_ids = fields.One2many('merchandising.costing.line', 'costing_id', 'Components', copy=True)
    break_ids = fields.One2many('merchandising.costing.break', 'costing_id', 'Price Breaks', copy=True)

    # Per piece, in the cost currency.
    direct_cost = fields.Monetary(
        currency_field='cost_currency_id', compute='_compute_figures',
        help="The components' cost net of the VAT refunded on export.")
    overhead_cost = fields.Monetary('Overheads', currency_field='cost_currency_id', compute='_compute_figures')
    exw_cost = fields.Monetary('EXW Cost', currency_field='cost_currency_id', compute='_compute_figures')
    fob_cost = fields.Monetary('FOB Cost', currency_field='cost_currency_id', compute='_compute_figures')
    cfr_cost = fields.Monetary('CFR Cost', currency_field='cost_currency_id', compute='_compute_figures')
    # Per piece, in the quotation currency.
    price_exw = fields.Monetary('EXW Price', compute='_compute_figures')
    price_fob = fields.Monetary('FOB Price', compute='_compute_figures')
    price_cfr = fields.Monetary('CFR Price', compute='_compute_figures')
    price_cif = fields.Monetary('CIF Price', compute='_compute_figures')
    price_ddp = fields.Monetary('DDP Price', compute='_compute_figures')
    unit_price = fields.Monetary(
        compute='_compute_figures', help="The price of a piece at the sheet's incoterm.")
    unit_cost = fields.Monetary(
        compute='_compute_figures',
        help="What a piece costs at the sheet's incoterm (insurance and duty included), commission excluded.")
    margin_amount = fields.Monetary(
        'Margin', compute='_compute_figures', help="What a piece leaves after its cost and the commission.")
    rate = fields.Float(
        digits=(12, 4), compute='_compute_figures',
        help="Cost currency per unit of the quotation currency on the rate date.")
    rate_display = fields.Char('Exchange Rate', compute='_compute_figures')

    _sql_constraints = [
        ('version_unique', 'UNIQUE(origin_id, version)', "A sheet has one version of each number."),
    ]

    @api.depends('previous_version_id.origin_id')
    def _compute_origin_id(self):
        for sheet in self:
            sheet.origin_id = sheet.previous_version_id.origin_id or sheet.previous_version_id or sheet

    @api.depends('origin_id')
    def _compute_version_ids(self):
        families = self.origin_id._origin
        versions = self.search([('origin_id', 'in', families.ids)]) if families else self.browse()
        for sheet in self:
            sheet.version_ids = versions.filtered(lambda version: version.origin_id == sheet.origin_id._origin)

    @api.depends('order_line_id')
    def _compute_from_order_line(self):
        # On the link only: a later change of the quotation does not change
        # the figures of a sheet made (and maybe applied) before.
        fob = self.env.ref('account.incoterm_FOB', raise_if_not_found=False)
        today = fields.Date.context_today(self)
        for sheet in self:
            line = sheet.order_line_id
            order = line.order_id
            sheet.product_id = line.product_id or sheet.product_id
            sheet.partner_id = order.partner_id.commercial_partner_id or sheet.partner_id
            sheet.company_id = order.company_id or sheet.company_id or self.env.company
            sheet.currency_id = order.currency_id or sheet.currency_id or sheet.company_id.currency_id
            sheet.rate_date = (order.date_order and fields.Date.context_today(self, order.date_order)) \
                or sheet.rate_date or today
            sheet.incoterm_id = order.incoterm or sheet.incoterm_id or fob
            sheet.quantity = line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id or line.product_uom) if line else sheet.quantity

    @api.depends('product_id')
    def _compute_rebate_rate(self):
        for sheet in self:
            hs_code = sheet.product_id.product_tmpl_id._merch_hs_code() if sheet.product_id else False
            if hs_code:
                sheet.rebate_rate = hs_code.merch_rebate_rate

    @api.depends('name', 'version')
    def _compute_display_name(self):
        for sheet in self:
            sheet.display_name = self.env._("%(name)s v%(version)s", name=sheet.name, version=sheet.version)

    @api.depends('line_ids.export_cost', 'currency_id', 'cost_currency_id', 'company_id', 'rate_date',
                 'incoterm_id', 'quantity', 'overhead_percent', 'commission_percent', 'margin_percent',
                 'testing_cost', 'inland_freight', 'ocean_freight', 'insurance_percent', 'duty_percent',
                 'destination_cost')
    def _compute_figures(self):
        rates = self._merch_rates()
        for sheet in self:
            figures = sheet._merch_figures()
            rate = rates[sheet]
            sheet.direct_cost = figures['direct']
            sheet.overhead_cost = figures['overhead']
            sheet.exw_cost, sheet.fob_cost, sheet.cfr_cost = (figures[basis][0] for basis in ('exw', 'fob', 'cfr'))
            sheet.price_exw, sheet.price_fob, sheet.price_cfr, sheet.price_cif, sheet.price_ddp = (
                figures[basis][1] * rate for basis in ('exw', 'fob', 'cfr', 'cif', 'ddp'))
            cost, price = figures[sheet._merch_basis(sheet.incoterm_id)]
            sheet.unit_price = price * rate
            sheet.unit_cost = cost * rate
            sheet.margin_amount = price * rate * sheet.margin_percent / 100
            sheet.rate = rate and 1 / rate
            sheet.rate_display = self.env._(
                "1 %(currency)s = %(rate)s %(cost_currency)s", currency=sheet.currency_id.name,
                rate=round(1 / rate, 4) if rate else 0, cost_currency=sheet.cost_currency_id.name)

    @api.model
    def _merch_basis(self, incoterm):
        return INCOTERM_BASIS.get(incoterm.code, 'fob')

    def _merch_rates(self):
        """{sheet: quotation currency per unit of the cost currency}, at the
        company's rate on the rate date: one lookup per distinct currencies,
        company and date, not one per sheet (a list, the price breaks)."""
        today = fields.Date.context_today(self)
        looked_up, rates = {}, {}
        for sheet in self:
            if not (sheet.currency_id and sheet.cost_currency_id):
                rates[sheet] = 1.0
                continue
            key = (sheet.cost_currency_id, sheet.currency_id, sheet.company_id or self.env.company,
                   sheet.rate_date or today)
            if key not in looked_up:
                looked_up[key] = self.env['res.currency']._get_conversion_rate(*key)
            rates[sheet] = looked_up[key]
        return rates

    def _merch_figures(self, quantity=None, margin_percent=None):
        """One piece, in the cost currency, for ``quantity`` pieces (the
        sheet's by default): the direct cost and overheads, and for each
        basis (exw, fob, cfr, cif, dap, ddp) the cost and the price that
        leaves the commission and the margin.

        A price P leaves the commission c and the margin m when
        P × (1 − c − m) = cost. From CIF on, the cost includes the insurance,
        1.1 × premium × P, and at DDP the duty on the CIF price: CIF is
        solved as P = CFR cost ÷ (1 − c − m − 1.1 × premium)."""
        self.ensure_one()
        quantity = quantity if quantity is not None else self.quantity
        per_piece = 1 / quantity if quantity > 0 else 0.0
        margin = (self.margin_percent if margin_percent is None else margin_percent) / 100
        keep = 1 - self.commission_percent / 100 - margin
        insurance = INSURED_SHARE * self.insurance_percent / 100
        direct = sum(self.line_ids.mapped('export_cost'))
        overhead = direct * self.overhead_percent / 100
        exw = direct + overhead + self.testing_cost * per_piece
        fob = exw + self.inland_freight * per_piece
        cfr = fob + self.ocean_freight * per_piece
        price_cif = cfr / (keep - insurance) if keep - insurance > 0 else 0.0
        cif = cfr + insurance * price_cif
        dap = cif + self.destination_cost * per_piece
        ddp = dap + self.duty_percent / 100 * price_cif
        figures = {basis: (cost, cost / keep if keep > 0 else 0.0)
                   for basis, cost in (('exw', exw), ('fob', fob), ('cfr', cfr), ('dap', dap), ('ddp', ddp))}
        figures.update(cif=(cif, price_cif), direct=direct, overhead=overhead)
        return figures

    def _merch_price_at(self, incoterm, currency, uom=None):
        """The price, cost and commission (%) of a piece at ``incoterm``, in
        ``currency`` at the sheet's rate (per ``uom`` when given, for an order
        line sold by the dozen)."""
        self.ensure_one()
        cost, price = self._merch_figures()[self._merch_basis(incoterm)]
        rate = self.env['res.currency']._get_conversion_rate(
            self.cost_currency_id, currency, self.company_id, self.rate_date)
        price, cost = price * rate, cost * rate
        product_uom = self.product_id.uom_id
        if uom and product_uom and uom != product_uom:
            price, cost = product_uom._compute_price(price, uom), product_uom._compute_price(cost, uom)
        return currency.round(price), currency.round(cost), self.commission_percent

    # ------------------------------------------------------------ rules

    def _merch_label(self, name):
        return self._fields[name]._description_string(self.env)

    @api.constrains('currency_id', 'cost_currency_id', 'rate_date', 'company_id')
    def _check_rates(self):
        Rate = self.env['res.currency.rate']
        for sheet in self:
            if sheet.currency_id == sheet.cost_currency_id:
                continue
            for currency in (sheet.currency_id | sheet.cost_currency_id) - sheet.company_id.currency_id:
                if not Rate.search_count([('currency_id', '=', currency.id), ('name', '<=', sheet.rate_date),
                                          ('company_id', 'in', (False, sheet.company_id.root_id.id))], limit=1):
                    raise ValidationError(self.env._(
                        "Costing %(sheet)s: %(company)s has no exchange rate of %(currency)s on or before "
                        "%(date)s (the %(field)s). Enter the rate in Accounting › Currencies, or choose "
                        "another rate date.", sheet=sheet.display_name, company=sheet.company_id.name,
                        currency=currency.name, date=sheet.rate_date, field=self._merch_label('rate_date')))

    @api.constrains('margin_percent', 'commission_percent', 'insurance_percent', 'incoterm_id', *PERCENT_FIELDS)
    def _check_percentages(self):
        for sheet in self:
            for name in PERCENT_FIELDS + ('margin_percent',):
                if sheet[name] < 0:
                    raise ValidationError(self.env._(
                        "Costing %(sheet)s: the %(field)s is %(value)s %%. Enter 0 or more.",
                        sheet=sheet.display_name, field=self._merch_label(name), value=sheet[name]))
            if sheet.margin_percent >= 100:
                raise ValidationError(self.env._(
                    "Costing %(sheet)s: a %(field)s of %(value)s %% of the price is impossible. Enter less "
                    "than 100 %%.", sheet=sheet.display_name, field=self._merch_label('margin_percent'),
                    value=sheet.margin_percent))
            sheet._merch_check_share_left(sheet.margin_percent, sheet.display_name)

    def _merch_check_share_left(self, margin_percent, where):
        """The commission, the margin (and from CIF on the insurance) must
        leave something of the price to cover the cost."""
        insured = self._merch_basis(self.incoterm_id) in INSURED_BASES
        taken = self.commission_percent + margin_percent + (
            INSURED_SHARE * self.insurance_percent if insured else 0.0)
        if float_compare(taken, 100, precision_digits=4) >= 0:
            raise ValidationError(self.env._(
                "Costing %(where)s: the %(commission)s (%(commission_value)s %%) and the %(margin)s "
                "(%(margin_value)s %%)%(insurance)s take %(taken)s %% of the price, nothing is left for the "
                "cost. Lower the margin or the commission.",
                where=where, commission=self._merch_label('commission_percent'),
                commission_value=self.commission_percent, margin=self._merch_label('margin_percent'),
                margin_value=margin_percent, taken=round(taken, 2),
                insurance=self.env._(" with the insurance on 110 %% of the value") if insured else ''))

    @api.constrains('incoterm_id', 'ocean_freight')
    def _check_freight(self):
        for sheet in self:
            if sheet.incoterm_id.code in FREIGHT_INCOTERMS and float_is_zero(sheet.ocean_freight, 2):
                raise ValidationError(self.env._(
                    "Costing %(sheet)s: at %(incoterm)s the seller pays the freight, but the %(field)s is "
                    "empty. Enter the forwarder's quote for the order, or choose FOB.",
                    sheet=sheet.display_name, incoterm=sheet.incoterm_id.code,
                    field=self._merch_label('ocean_freight')))

    @api.constrains('quantity', *AMOUNT_FIELDS)
    def _check_amounts(self):
        for sheet in self:
            if sheet.quantity <= 0:
                raise ValidationError(self.env._(
                    "Costing %(sheet)s: the %(field)s is %(value)s. Enter the pieces the fixed costs are "
                    "spread over.", sheet=sheet.display_name, field=self._merch_label('quantity'),
                    value=sheet.quantity))
            for name in AMOUNT_FIELDS:
                if sheet[name] < 0:
                    raise ValidationError(self.env._(
                        "Costing %(sheet)s: the %(field)s is %(value)s. Enter 0 or more.",
                        sheet=sheet.display_name, field=self._merch_label(name), value=sheet[name]))

    @api.constrains('version', 'version_reason')
    def _check_version_reason(self):
        for sheet in self:
            if sheet.version > 1 and not (sheet.version_reason or '').strip():
                raise ValidationError(self.env._(
                    "Costing %(sheet)s: say why this version was made (%(field)s): the buyer's target, a "
                    "new fabric price, another quantity.", sheet=sheet.display_name,
                    field=self._merch_label('version_reason')))

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._check_guarded_create(vals_list)  # before the sequence
        for vals in vals_list:
            if vals.get('name', self.env._("New")) != self.env._("New"):
                continue
            # A version bears its sheet's reference; a new sheet the next one.
            previous = self.browse(vals.get('previous_version_id'))
            vals['name'] = previous.name if previous else (
                self.env['ir.sequence'].next_by_code('merchandising.costing') or self.env._("New"))
        return super().create(vals_list)

    def write(self, vals):
        # The state moves with Apply and New Version only (_move_to).
        self._merch_check_unlocked(set(vals) & set(FIGURE_FIELDS))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_applied(self):
        self._merch_check_unlocked({'state'})

    def _merch_check_unlocked(self, field_names):
        """An applied sheet (or a superseded one) is what a price was made of:
        its figures stay as they were."""
        if not field_names:
            return
        for sheet in self.filtered(lambda sheet: sheet.state != 'draft'):
            raise UserError(self.env._(
                "Costing %(sheet)s is %(state)s: its figures are kept as they were. Make a new version to "
                "change them.", sheet=sheet.display_name,
                state=dict(self._fields['state']._description_selection(self.env))[sheet.state]))

    # ------------------------------------------------------------ actions

    def action_new_version(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("New Version of %(sheet)s", sheet=self.display_name),
            'res_model': 'merchandising.costing.version',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_costing_id': self.id},
        }

    def _merch_new_version(self, reason):
        """A copy of the sheet as the next version, the sheet superseded."""
        self.ensure_one()
        latest = self.version_ids.sorted('version')[-1:]
        if latest != self:
            raise UserError(self.env._(
                "Costing %(sheet)s: %(latest)s is the latest version. Make the new version from it.",
                sheet=self.display_name, latest=latest.display_name))
        new = self.copy({
            'name': self.name, 'version': self.version + 1, 'version_reason': reason,
            'previous_version_id': self.id,
        })
        self._move_to('superseded')
        return new

    def action_apply(self):
        """The quotation line's price becomes the sheet's, at the order's
        incoterm and in its currency; the sheet applied before is superseded."""
        for sheet in self:
            line = sheet.order_line_id
            if not line:
                raise UserError(self.env._(
                    "Costing %(sheet)s prices no quotation line. Choose the %(field)s, then apply it.",
                    sheet=sheet.display_name, field=self._merch_label('order_line_id')))
            if line.order_id.state not in ('draft', 'sent'):
                raise UserError(self.env._(
                    "Costing %(sheet)s: %(order)s is no longer a quotation, its prices are agreed. A costing "
                    "applies to quotations only.", sheet=sheet.display_name, order=line.order_id.name))
            if sheet.state != 'draft':
                raise UserError(self.env._(
                    "Costing %(sheet)s was applied or superseded already. Make a new version to apply "
                    "other figures.", sheet=sheet.display_name))
            order = line.order_id
            price = sheet._merch_price_at(order.incoterm or sheet.incoterm_id, order.currency_id, line.product_uom)[0]
            before = self.search([('order_line_id', '=', line.id), ('state', '=', 'applied')])
            before._move_to('superseded')
            line.write({'price_unit': price, 'merch_costing_id': sheet.id})
            sheet._move_to('applied')
            # A note in the history (_message_log: nobody is notified, no sender address needed).
            sheet._message_log(body=self.env._(
                "Applied to %(order)s: %(product)s at %(price)s %(currency)s %(incoterm)s.",
                order=order.name, product=line.product_id.display_name, price=price,
                currency=order.currency_id.name, incoterm=(order.incoterm or sheet.incoterm_id).code))
        return True

    @api.onchange('product_id')
    def _onchange_product_id_reuse(self):
        """A style costed before: its latest sheet's components to start from."""
        if self.line_ids or not self.product_id:
            return
        reused = self.search([('product_id', '=', self.product_id.id), ('line_ids', '!=', False)],
                             order='create_date desc, id desc', limit=1)
        if reused:
            components = reused.line_ids.copy_data()
            for vals in components:
                vals.pop('costing_id', None)
            self.line_ids = [Command.create(vals) for vals in components]
