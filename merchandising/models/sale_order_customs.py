import re

from odoo import Command, api, fields, models
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
# What a merchandiser may no longer change once the order has shipped: what
# the declaration, the invoice and the packing list said. The voyage goes on
# (ETA, ATD, B/L, documents arriving, customs closing) and stays editable.
CUSTOMS_FIELDS = (
    'merch_declaration_no', 'merch_trade_mode_id', 'merch_brand_type', 'merch_export_preference',
    'merch_export_licence', 'merch_transport_mode', 'merch_port_loading', 'merch_port_discharge',
    'merch_destination_country_id', 'merch_forwarder_id', 'merch_booking_no', 'merch_container_ids',
    'merch_shipping_marks', 'merch_packages', 'merch_gross_weight', 'merch_net_weight', 'merch_volume',
    'incoterm', 'incoterm_location',
)
MANAGER_GROUP = 'merchandising.group_merchandising_manager'


class SaleOrder(models.Model):
    """The export order's customs and shipping (报关, 装运): the customs
    status step by step, the declaration's data, the transport, containers,
    packing figures and the document checklist; the gates of "Booking &
    customs" (HS codes and declaration elements) and "Shipped" (released,
    documents in, delivered); key customers served first."""

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

    key_customer = fields.Boolean(
        related='partner_id.commercial_partner_id.key_customer', store=True, precompute=True,
        help="The customer is a key customer (重点客户): serve first.")

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
    merch_forwarder_id = fields.Many2one('res.partner', 'Forwarder', help="The freight forwarder (货代).")
    merch_vessel = fields.Char(
        'Vessel / Voyage or Flight', help="The vessel and voyage (船名航次), or the flight, the goods travel on.")
    merch_booking_no = fields.Char(
        'Booking Number', copy=False, help="The carrier's booking (订舱) reference for the space on the vessel.")
    merch_container_ids = fields.One2many(
        'merchandising.container', 'order_id', 'Containers', copy=False,
        help="The containers the goods are loaded in (装柜), with their seals.")
    merch_bl_number = fields.Char(
        'B/L or AWB Number', copy=False, help="The bill of lading or air waybill number (提运单号).")
    merch_etd = fields.Date('ETD', copy=False, help="Estimated time of departure.")
    merch_eta = fields.Date('ETA', copy=False, help="Estimated time of arrival.")
    merch_atd = fields.Date('ATD', copy=False, help="Actual time of departure.")
    merch_shipping_marks = fields.Text(
        'Shipping Marks', compute='_compute_merch_shipping_marks', store=True, readonly=False, precompute=True,
        help="唛头: what is printed on every carton. Defaults from the customer.")
    merch_export_licence = fields.Char(
        'Export Licence Number', help="许可证号, for goods that need an export licence.")
    merch_packages = fields.Integer(
        'Packages', copy=False, help="Estimated from the lines' packagings on confirmation.")
    merch_gross_weight = fields.Float(
        'Gross Weight (kg)', digits=(16, 2), copy=False,
        help="Starts at the net weight: add the packing once the cartons are weighed.")
    merch_net_weight = fields.Float(
        'Net Weight (kg)', digits=(16, 2), copy=False, help="Estimated from the products' weights on confirmation.")
    merch_volume = fields.Float(
        'Volume (m³)', digits=(16, 3), copy=False, help="Estimated from the products' volumes on confirmation.")
    merch_document_ids = fields.One2many(
        'merchandising.shipping.document', 'order_id', 'Documents', copy=False,
        help="The documents to collect before shipping, listed on confirmation.")
    merch_ship_date = fields.Date(
        'Actual Ship Date', copy=False, tracking=True,
        compute='_compute_merch_ship_date', store=True, readonly=False,
        help="The day the last delivery of the order left the warehouse, in the company's time zone.")
    merch_is_shipped = fields.Boolean(
        'Shipped', compute='_compute_merch_is_shipped',
        help="The order is in a closing stage: its customs data are frozen for merchandisers.")
    merch_customs_locked = fields.Boolean(
        'Customs Data Frozen', compute='_compute_merch_customs_locked',
        help="The order has shipped and you are not a merchandising manager: what was declared stays.")

    # --- defaults from the customer --------------------------------------------

    @api.depends('partner_id')
    def _compute_merch_shipping_marks(self):
        for order in self:
            order.merch_shipping_marks = order.partner_id.commercial_partner_id.merch_shipping_marks

    @api.depends('partner_shipping_id')
    def _compute_merch_destination_country_id(self):
        for order in self:
            order.merch_destination_country_id = (order.partner_shipping_id or order.partner_id).country_id

    # --- shipped ---------------------------------------------------------------

    @api.depends('merch_stage_id.is_closed')
    def _compute_merch_is_shipped(self):
        for order in self:
            order.merch_is_shipped = order.merch_stage_id.is_closed

    @api.depends_context('uid')
    @api.depends('merch_is_shipped')
    def _compute_merch_customs_locked(self):
        manager = self.env.user.has_group(MANAGER_GROUP)
        for order in self:
            order.merch_customs_locked = order.merch_is_shipped and not manager

    @api.depends('picking_ids.state', 'picking_ids.date_done')
    def _compute_merch_ship_date(self):
        for order in self:
            pickings = order._merch_outgoing_pickings()
            if not pickings:
                # No delivery (yet, or an order imported as shipped): as it is.
                order.merch_ship_date = order.merch_ship_date
            elif all(picking.state == 'done' for picking in pickings):
                # The warehouse's day: the company's time zone, else the user's.
                tz = order.company_id.partner_id.tz or self.env.user.tz or 'UTC'
                order.merch_ship_date = fields.Date.context_today(
                    order.with_context(tz=tz), max(pickings.mapped('date_done')))
            else:
                order.merch_ship_date = False

    def _merch_outgoing_pickings(self):
        self.ensure_one()
        return self.picking_ids.filtered(lambda p: p.picking_type_code == 'outgoing' and p.state != 'cancel')

    # --- checks ------------------------------------------------------------------

    @api.constrains('merch_declaration_no')
    def _check_merch_declaration_no(self):
        for order in self.filtered('merch_declaration_no'):
            if not re.match(r'^\d{18}$', order.merch_declaration_no):
                raise ValidationError(self.env._(
                    "%(order)s: the Declaration Number %(number)s must have 18 digits (报关单号), e.g. "
                    "310120260518765432.", order=order.name, number=order.merch_declaration_no))

    @api.constrains('merch_etd', 'merch_eta')
    def _check_merch_eta(self):
        for order in self.filtered(lambda o: o.merch_etd and o.merch_eta):
            if order.merch_eta < order.merch_etd:
                raise ValidationError(self.env._(
                    "%(order)s: the ETA %(eta)s is before the ETD %(etd)s. Correct the ETA or the ETD.",
                    order=order.name, eta=order.merch_eta, etd=order.merch_etd))

    @api.constrains('merch_net_weight', 'merch_gross_weight', 'merch_packages', 'merch_volume')
    def _check_merch_weights(self):
        for order in self:
            if min(order.merch_net_weight, order.merch_gross_weight, order.merch_packages, order.merch_volume) < 0:
                raise ValidationError(self.env._(
                    "%(order)s: packages, weights and volume cannot be negative.", order=order.name))
            if order.merch_net_weight > order.merch_gross_weight:
                raise ValidationError(self.env._(
                    "%(order)s: the Net Weight (%(net)s kg) is above the Gross Weight (%(gross)s kg); the gross "
                    "weight includes the packing. Correct one of them.",
                    order=order.name, net=order.merch_net_weight, gross=order.merch_gross_weight))

    def write(self, vals):
        # Containers guard themselves (they are also written on their own).
        self._merch_guard_shipped_edit(set(vals) - {'merch_container_ids'})
        return super().write(vals)

    def _merch_guard_shipped_edit(self, field_names):
        """Shipped orders keep what was declared: a merchandiser may no longer
        change it; a merchandising manager may correct it, and the order's
        chatter says who changed what, when."""
        frozen = sorted(set(field_names) & set(CUSTOMS_FIELDS))
        shipped = self.filtered('merch_is_shipped') if frozen else self.browse()
        if not shipped:
            return
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(self.env._(
                "%(order)s has shipped: its customs and shipping data can no longer be changed. "
                "Ask a merchandising manager.", order=shipped[0].name))
        labels = ', '.join(self._fields[name]._description_string(self.env) for name in frozen)
        shipped._message_log_batch({order.id: self.env._(
            "Corrected after shipping: %(fields)s", fields=labels) for order in shipped})

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

    # --- confirmation ----------------------------------------------------------

    def _action_confirm(self):
        res = super()._action_confirm()
        # After the deliveries exist (sale_stock, under the core's super()).
        self._merch_prioritise_key_customers()
        return res

    def _merch_prioritise_key_customers(self):
        """重点客户优先: the deliveries of a key customer's order are urgent, so
        that reservation serves them first when stock is short."""
        pickings = self.filtered('key_customer').picking_ids.filtered(
            lambda p: p.state not in ('done', 'cancel') and p.priority != '1')
        if pickings:
            pickings.write({'priority': '1'})

    def _merch_confirmation_values(self):
        """A confirmed order starts with its document checklist (what every
        order needs and what its customer asks for) and packing figures
        estimated from its lines, unless some were entered."""
        values = super()._merch_confirmation_values()
        DocumentType = self.env['merchandising.document.type']
        always = DocumentType._always_required()
        checklist = []
        for order in self:
            types = DocumentType.browse([type_id for type_id, company_id in always
                                         if company_id in (False, order.company_id.id)])
            types |= order.partner_id.commercial_partner_id.merch_document_type_ids.filtered(
                lambda t: not t.company_id or t.company_id == order.company_id)
            # In their list's order (a key: sorted() alone would search them again).
            missing = (types - order.merch_document_ids.type_id).sorted(lambda t: (t.sequence, t.id))
            checklist += [{'order_id': order.id, 'type_id': t.id} for t in missing]
            if not (order.merch_packages or order.merch_net_weight or order.merch_volume):
                values[order.id].update(order._merch_packing_from_lines())
        # sudo: the checklist is listed for whoever confirms, a salesperson
        # too, who may only read documents (like the T&A plan); only the
        # confirmed orders' own lines, of the types they require, are created.
        self.env['merchandising.shipping.document'].sudo().create(checklist)
        return values

    # --- packing -----------------------------------------------------------------

    def action_compute_packing(self):
        """Packages, weights and volume from the order lines' products: net
        weight and volume from the product's weight and volume, packages from
        the line's packaging (or the product's first); the gross weight starts
        at the net weight, for the merchandiser to add the packing."""
        for order in self:
            order.write(order._merch_packing_from_lines())
        return True

    def _merch_packing_from_lines(self):
        self.ensure_one()
        estimates = self._merch_line_estimates()
        net = sum(estimate['net'] for estimate in estimates)
        return {'merch_packages': int(sum(estimate['packages'] for estimate in estimates)),
                'merch_net_weight': net, 'merch_gross_weight': max(net, self.merch_gross_weight),
                'merch_volume': sum(estimate['volume'] for estimate in estimates)}

    def _merch_goods_lines(self):
        """The lines that ship: goods, not services, freight, notes or empty lines."""
        return self.order_line.filtered(
            lambda line: line.product_id.type == 'consu' and not line.is_delivery and not line.display_type
            and line.product_uom_qty)

    def _merch_line_estimates(self):
        """For each line of goods: its packages (from the line's packaging, or
        the product's first), net weight and volume (from the product)."""
        estimates = []
        for line in self._merch_goods_lines():
            quantity = line.product_uom._compute_quantity(line.product_uom_qty, line.product_id.uom_id)
            packaging = line.product_packaging_id or line.product_id.packaging_ids[:1]
            estimates.append({
                'line': line,
                'packages': -(-quantity // packaging.qty) if packaging.qty else 0,
                'net': quantity * line.product_id.weight,
                'volume': quantity * line.product_id.volume,
            })
        return estimates
