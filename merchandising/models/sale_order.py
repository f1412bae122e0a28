from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import lock_rows_nowait


class SaleOrder(models.Model):
    """The export order the merchandiser follows: its follow-up stage and who
    follows it.

    This is the stage core. Every stage change — kanban drag and drop,
    statusbar, import, API, confirmation — goes through ``write``, which asks
    the gates of ``_merch_stage_gates`` first and logs the change in the stage
    history. The other parts of the addon (samples, T&A, customs) extend the
    order in files of their own and hook in through ``super()``:
    ``_merch_stage_gates`` (what an order needs to enter a stage) and
    ``_merch_confirmation_values`` (what a confirmed order starts with).
    """

    _inherit = 'sale.order'

    merch_stage_id = fields.Many2one(
        'merchandising.stage', 'Follow-up Stage', index=True, copy=False,
        ondelete='restrict', tracking=True,
        default=lambda self: self._default_merch_stage(),
        group_expand='_read_group_merch_stage_ids',
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Where the order stands in the merchandiser's follow-up, from "
             "enquiry to closed.")
    merchandiser_id = fields.Many2one(
        'res.users', index=True, tracking=True,
        compute='_compute_merchandiser_id', store=True, readonly=False, precompute=True,
        domain=[('share', '=', False)],
        help="The merchandiser (跟单员) who follows the order until it ships. "
             "Defaults to the salesperson.")
    merch_stage_date = fields.Datetime(
        'In Stage Since', readonly=True, copy=False,
        default=fields.Datetime.now)
    merch_days_in_stage = fields.Integer(
        'Days in Stage', compute='_compute_merch_days_in_stage',
        help="Days since the order entered its follow-up stage.")
    merch_stage_history_ids = fields.One2many(
        'merchandising.stage.history', 'order_id', 'Stage History',
        readonly=True, copy=False)

    def _default_merch_stage(self):
        return self.env['merchandising.stage']._first_stage(self.env.company)

    @api.model
    def _read_group_merch_stage_ids(self, stages, domain):
        # Every stage is a kanban column, even an empty one.
        return stages.search([])

    @api.depends('user_id')
    def _compute_merchandiser_id(self):
        # The salesperson, while the order is new or has no merchandiser;
        # afterwards the merchandiser stays when the salesperson changes.
        for order in self:
            if not order.merchandiser_id or not order._origin.id:
                order.merchandiser_id = order.user_id

    @api.depends('merch_stage_date')
    def _compute_merch_days_in_stage(self):
        today = fields.Date.context_today(self)
        for order in self:
            since = order.merch_stage_date and fields.Date.context_today(self, order.merch_stage_date)
            order.merch_days_in_stage = (today - since).days if since else 0

    # --- creation and stage changes --------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # The state mixin's guard (sale_order_customs, sale_order_promise)
        # before sale's sequence number.
        self._check_guarded_create(vals_list)
        orders = super().create(vals_list)
        orders._merch_follow_merchandisers(creating=True)
        imported = self.browse()
        for order, vals in zip(orders, vals_list):
            if vals.get('merch_stage_history_ids'):
                imported |= order
        for order in imported:
            # An order imported with its history (demo data, a migration): it
            # entered its stage when the open history line began.
            current = order.merch_stage_history_ids.filtered(lambda line: not line.date_out)[:1]
            if current and current.date_in != order.merch_stage_date:
                super(SaleOrder, order).write({'merch_stage_date': current.date_in})
        placed = (orders - imported).filtered('merch_stage_id')
        for stage, staged in placed.grouped('merch_stage_id').items():
            staged._merch_check_stage_gates(stage)
            staged._merch_log_stage_change(stage, fields.Datetime.now(), new=True)
        return orders

    def write(self, vals):
        if not vals.get('merch_stage_id'):
            res = super().write(vals)
        else:
            res = self._merch_write_stage(vals)
        if vals.get('merchandiser_id'):
            self._merch_follow_merchandisers()
        return res

    def _merch_follow_merchandisers(self, creating=False):
        """The merchandiser follows the order: they get its messages like the
        salesperson. (Not through mail's auto-subscription of user fields, whose
        "assigned to you" mail greets the salesperson.)"""
        # On creation mail.thread has subscribed the user who creates already.
        context = self.env.context
        creator = self.env.user if creating and self.env.user.active and not (
            context.get('tracking_disable') or context.get('mail_create_nosubscribe')) else None
        for merchandiser, orders in self.grouped('merchandiser_id').items():
            if merchandiser and merchandiser != creator:
                orders.message_subscribe(partner_ids=merchandiser.partner_id.ids)

    def _merch_write_stage(self, vals):
        """Write, moving the orders whose follow-up stage changes: gates first,
        then the stage date and the history line."""
        stage = self.env['merchandising.stage'].browse(vals['merch_stage_id'])
        moving = self.filtered(lambda order: order.merch_stage_id != stage)
        lock_rows_nowait(moving)
        moving._merch_check_stage_gates(stage)
        now = fields.Datetime.now()
        res = True
        if self - moving:
            res = super(SaleOrder, self - moving).write(vals)
        if moving:
            res = super(SaleOrder, moving).write(dict(vals, merch_stage_date=now)) and res
            moving._merch_log_stage_change(stage, now)
        return res

    def action_merch_set_stage(self, stage_id):
        """Move the orders to a follow-up stage (for buttons and scripts)."""
        return self.write({'merch_stage_id': stage_id})

    def _merch_stage_gates(self):
        """The conditions an order must meet to enter a stage, in one list.

        Each gate is called on the orders that move with the target stage and
        returns what is missing, one message per problem. The other parts of
        the addon add theirs through ``super()`` (samples approved, customs
        released)."""
        return [self._merch_gate_confirmed_before_closing]

    def _merch_gate_confirmed_before_closing(self, stage):
        if not stage._has('is_closed'):
            return []
        return [self.env._("%(order)s is still a quotation: confirm it before moving it to "
                           "the closing stage '%(stage)s'.", order=order.name, stage=stage.name)
                for order in self if order.state in ('draft', 'sent')]

    def _merch_check_stage_gates(self, stage):
        problems = []
        for gate in self._merch_stage_gates():
            problems += gate(stage)
        if problems:
            raise UserError(self.env._("The follow-up stage cannot be changed to '%(stage)s':\n%(problems)s",
                                       stage=stage.name, problems='\n'.join(problems)))

    def _merch_log_stage_change(self, stage, when, new=False):
        # The history is read-only for users, so that it stays a faithful log:
        # only stage changes write it, with sudo, in the name of the user.
        history = self.env['merchandising.stage.history'].sudo()
        if not new:  # a new order has no stay to close
            history.search([('order_id', 'in', self.ids), ('date_out', '=', False)]).write({'date_out': when})
        history.create([{'order_id': order.id, 'stage_id': stage.id, 'date_in': when,
                         'user_id': self.env.uid} for order in self])

    # --- confirmation ----------------------------------------------------------

    def _action_confirm(self):
        res = super()._action_confirm()
        # After sale_stock's procurement: the deliveries exist now. One write
        # per order, with what each part of the addon starts it with.
        values = self._merch_confirmation_values()
        for order in self:
            if values[order.id]:
                order.write(values[order.id])
        return res

    def _merch_confirmation_values(self):
        """What newly confirmed orders start their follow-up with: {order id:
        values to write on it}. Here the confirmation stage, unless the order
        is further already; the other parts add theirs through ``super()``
        (the T&A plan, the packing figures)."""
        values = {order.id: {} for order in self}
        for company, orders in self.grouped('company_id').items():
            stage = self.env['merchandising.stage']._confirmation_stage(company)
            for order in orders:
                if stage and (not order.merch_stage_id or order.merch_stage_id._position() < stage._position()):
                    values[order.id]['merch_stage_id'] = stage.id
        return values

    # --- chatter ---------------------------------------------------------------

    def _track_subtype(self, init_values):
        self.ensure_one()
        if 'merch_stage_id' in init_values and 'state' not in init_values:
            return self.env.ref('merchandising.mt_order_merch_stage')
        return super()._track_subtype(init_values)

    def _track_template(self, changes):
        res = super()._track_template(changes)
        order = self[0]
        template = order.merch_stage_id.mail_template_id
        if 'merch_stage_id' in changes and template:
            res['merch_stage_id'] = (template, {
                'auto_delete_keep_log': False,
                'subtype_id': self.env['ir.model.data']._xmlid_to_res_id('mail.mt_note'),
            })
        return res
