from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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
    """The order's shipping (装运): forwarder, vessel, booking, containers,
    B/L, ETD / ETA / ATD, the day it shipped; once shipped, what was
    declared stays (a merchandising manager corrects it, in the chatter)."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

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

    @api.constrains('merch_etd', 'merch_eta')
    def _check_merch_eta(self):
        for order in self.filtered(lambda o: o.merch_etd and o.merch_eta):
            if order.merch_eta < order.merch_etd:
                raise ValidationError(self.env._(
                    "%(order)s: the ETA %(eta)s is before the ETD %(etd)s. Correct the ETA or the ETD.",
                    order=order.name, eta=order.merch_eta, etd=order.merch_etd))

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
