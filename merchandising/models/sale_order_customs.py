import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.tools.translate import LazyTranslate

from ..tools import guard_lifted

_lt = LazyTranslate(__name__)

# The customs clearance of an export order, in the only order it happens.
CUSTOMS_STATES = [
    ('none', 'Not Started'),
    ('prepared', 'Prepared'),
    ('declared', 'Declared'),
    ('released', 'Released'),
    ('closed', 'Customs Closed'),
]
# Each step follows the one before; going back is a manager's reset
# (``action_reset_customs``), with a reason, not a step of the table.
CUSTOMS_TRANSITIONS = {
    'none': ('prepared',),
    'prepared': ('declared',),
    'declared': ('released',),
    'released': ('closed',),
    'closed': (),
}
CUSTOMS_STEP_DATES = {
    'prepared': 'merch_customs_prepared_date',
    'declared': 'merch_declaration_date',
    'released': 'merch_customs_released_date',
    'closed': 'merch_customs_closed_date',
}
BRAND_TYPES = [
    ('0', 'No brand'),
    ('1', 'Own domestic brand'),
    ('2', 'Acquired domestic brand'),
    ('3', 'Foreign brand (OEM)'),
    ('4', 'Foreign brand (other)'),
]
EXPORT_PREFERENCES = [
    ('0', 'No preferential tariff at destination'),
    ('1', 'Preferential tariff at destination'),
    ('2', 'Cannot be determined'),
]
TRANSPORT_MODES = [
    ('sea', 'Sea'),
    ('air', 'Air'),
    ('rail', 'Rail'),
    ('road', 'Road'),
    ('express', 'Express'),
]
MANAGER_GROUP = 'merchandising.group_merchandising_manager'


class SaleOrder(models.Model):
    """The export order's customs (报关): the customs status step by step,
    the declaration's data, and the gates of "Booking & customs" (HS codes
    and declaration elements) and "Shipped" (released, documents in,
    delivered). The shipping data, the packing figures, the document
    checklist and the key customers' priority have their own files
    (``sale_order_shipping``, ``_packing``, ``_shipping_documents``,
    ``_key_customer``)."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _name = 'sale.order'
    _inherit = ['sale.order', 'merchandising.state.mixin']
    # The order's state machine of this addon is its customs status (its
    # ``state`` is sale's, its follow-up stage has gates, not steps).
    _state_field = 'merch_customs_state'
    _state_transitions = CUSTOMS_TRANSITIONS
    _state_dates = CUSTOMS_STEP_DATES
    _state_hint = _lt(
        "use the customs buttons (Prepared, Declared, Released, Customs Closed); a merchandising manager "
        "sets it back with Reset Customs Status and a reason")
    _state_final_hint = _lt("a merchandising manager may set it back with Reset Customs Status and a reason")

    merch_customs_state = fields.Selection(
        CUSTOMS_STATES, 'Customs Status', default='none', required=True, copy=False, readonly=True,
        tracking=True,
        help="Prepared (预录入), declared (申报), released (放行), closed (结关): each step "
             "follows the one before; a manager may reset it, saying why.")
    merch_customs_prepared_date = fields.Date(
        'Prepared On', copy=False, help="Set when the order is marked Prepared, unless given.")
    merch_declaration_date = fields.Date(
        'Declaration Date', copy=False, help="The day the declaration was filed (申报日期); set when it is marked Declared.")
    merch_customs_released_date = fields.Date(
        'Released On', copy=False, help="The day customs released the goods (放行).")
    merch_customs_closed_date = fields.Date(
        'Customs Closed On', copy=False, help="The day the declaration was closed (结关).")
    merch_declaration_no = fields.Char(
        'Declaration Number', copy=False, tracking=True,
        help="The 18-digit number of the customs declaration (报关单号).")
    merch_trade_mode_id = fields.Many2one(
        'merchandising.trade.mode', 'Trade Mode',
        # The id, not env.ref: no query per new order to check it exists.
        default=lambda self: self.env['ir.model.data']._xmlid_to_res_id(
            'merchandising.trade_mode_0110', raise_if_not_found=False),
        help="监管方式: 0110 for general trade.")
    merch_brand_type = fields.Selection(
        BRAND_TYPES, 'Brand Type', help="品牌类型, mandatory on the declaration since 2018.")
    merch_export_preference = fields.Selection(
        EXPORT_PREFERENCES, 'Export Preference',
        help="出口享惠情况: whether the goods enjoy a preferential tariff at destination.")
    merch_transport_mode = fields.Selection(
        TRANSPORT_MODES, 'Transport Mode', default='sea', help="运输方式, on the declaration and the invoice.")
    merch_port_loading = fields.Char(
        'Port of Loading', help="Where the goods leave the country (离境口岸); the named place of "
                                "EXW, FCA, FAS and FOB when the Incoterm Location is empty.")
    merch_port_discharge = fields.Char(
        'Port of Discharge', help="Where the goods are unloaded (指运港); the named place of the other "
                                  "incoterms when the Incoterm Location is empty.")
    merch_destination_country_id = fields.Many2one(
        'res.country', 'Destination Country',
        compute='_compute_merch_destination_country_id', store=True, readonly=False, precompute=True,
        help="运抵国. Defaults to the country of the delivery address.")
    merch_export_licence = fields.Char(
        'Export Licence Number', help="许可证号, for goods that need an export licence.")

    # --- defaults from the customer --------------------------------------------

    @api.depends('partner_shipping_id')
    def _compute_merch_destination_country_id(self):
        for order in self:
            order.merch_destination_country_id = (order.partner_shipping_id or order.partner_id).country_id

    # --- checks ------------------------------------------------------------------

    @api.constrains('merch_declaration_no')
    def _check_merch_declaration_no(self):
        for order in self.filtered('merch_declaration_no'):
            if not re.match(r'^\d{18}$', order.merch_declaration_no):
                raise ValidationError(self.env._(
                    "%(order)s: the Declaration Number %(number)s must have 18 digits (报关单号), e.g. "
                    "310120260518765432.", order=order.name, number=order.merch_declaration_no))

    # --- customs status ----------------------------------------------------------

    def _check_move(self, state, values):
        if state == 'declared':
            for order in self.filtered(lambda order: not (values.get('merch_declaration_no')
                                                         or order.merch_declaration_no)):
                raise UserError(self.env._(
                    "%(order)s: enter the Declaration Number (报关单号) before declaring.", order=order.name))
        return super()._check_move(state, values)

    def _state_record_name(self):
        return self.name

    def action_customs_prepare(self):
        """The declaration is pre-recorded (预录入)."""
        return self._move_to('prepared')

    def action_customs_declare(self):
        """The declaration is filed (申报)."""
        return self._move_to('declared')

    def action_customs_release(self):
        """Customs released the goods (放行)."""
        return self._move_to('released')

    def action_customs_close(self):
        """The declaration is closed (结关)."""
        return self._move_to('closed')

    def action_reset_customs(self, reason, state='none'):
        """A merchandising manager sets the customs status back (a declaration
        withdrawn, a release revoked), saying why: the dates of the steps
        undone are cleared, and the chatter records who, when, from which
        status and why."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a merchandising manager may reset a customs status."))
        if not (reason or '').strip():
            raise UserError(self.env._("Say why the customs status is reset: the reason goes on the order."))
        labels = dict(self._fields['merch_customs_state']._description_selection(self.env))
        undone_states = self._states_after(state)
        for order in self:
            if order.merch_customs_state not in undone_states:
                raise UserError(self.env._(
                    "%(order)s: a reset goes back, and the Customs Status is %(current)s, not after %(target)s.",
                    order=order.name, current=labels[order.merch_customs_state], target=labels[state]))
        undone = {CUSTOMS_STEP_DATES[step]: False for step in undone_states if step in CUSTOMS_STEP_DATES}
        bodies = {order.id: self.env._("Customs status reset from %(previous)s to %(target)s: %(reason)s",
                                       previous=labels[order.merch_customs_state], target=labels[state],
                                       reason=reason.strip())
                  for order in self}
        # The manager's exception to the table, checked above: its own path
        # past the guard of the status.
        with guard_lifted(self, 'merch_customs_state'):
            self.write(dict(undone, merch_customs_state=state))
        self._message_log_batch(bodies)
        return True

    # --- gates -----------------------------------------------------------------

    def _merch_stage_gates(self):
        return super()._merch_stage_gates() + [self._merch_gate_customs_data, self._merch_gate_customs_release]

    def _merch_gate_customs_data(self, stage):
        """Entering "Booking & customs" (or later): every product that ships
        has an HS code and all its declaration elements."""
        problems = []
        for order in self.filtered(lambda order: stage._requires('requires_customs_data', order.company_id)):
            for product in order._merch_goods_lines().product_id.product_tmpl_id:
                problem = product._merch_declaration_problem()
                if problem:
                    problems.append('%s: %s' % (order.name, problem))
        return problems

    def _merch_gate_customs_release(self, stage):
        """Entering "Shipped" (or later): customs released, every required
        document received, the goods delivered."""
        problems = []
        labels = dict(self._fields['merch_customs_state']._description_selection(self.env))
        for order in self.filtered(lambda order: stage._requires('requires_customs_release', order.company_id)):
            if order.merch_customs_state not in ('released', 'closed'):
                problems.append(self.env._(
                    "%(order)s: customs have not released the goods (Customs Status: %(state)s).",
                    order=order.name, state=labels[order.merch_customs_state]))
            missing = order.merch_document_ids.filtered(lambda d: d.required and d.state == 'missing')
            if missing:
                problems.append(self.env._(
                    "%(order)s: documents not received yet: %(documents)s.",
                    order=order.name, documents=', '.join(missing.type_id.mapped('name'))))
            if not order.merch_ship_date:
                problems.append(self.env._(
                    "%(order)s: the delivery is not done yet; validate it in Inventory.", order=order.name))
        return problems
