from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, format_amount

from .sale_order_line_costing import COSTING_GROUPS


class SaleOrder(models.Model):
    """The quotation's costing sheets, and the margin gate: an order whose
    costed line is priced below the company's minimum margin is confirmed by
    a merchandising manager only."""

    # One class per feature, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_costing_count = fields.Integer(
        'Costing Sheets', compute='_compute_merch_costing_count', groups=COSTING_GROUPS)

    @api.depends('order_line')
    def _compute_merch_costing_count(self):
        counts = dict(self.env['merchandising.costing']._read_group(
            [('order_id', 'in', self._origin.ids)], ['order_id'], ['__count']))
        for order in self:
            order.merch_costing_count = counts.get(order._origin, 0)

    def action_view_merch_costings(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_costing')
        # Every version of the order's sheets, superseded ones included.
        action['domain'] = [('order_id', '=', self.id)]
        action['context'] = {'default_order_line_id': self.order_line.filtered(
            lambda line: not line.display_type)[:1].id}
        return action

    def action_confirm(self):
        # Before super(): nothing of the confirmation happens on an order refused.
        if not self.env.user.has_group('merchandising.group_merchandising_manager'):
            self._merch_check_costing_margins()
        return super().action_confirm()

    def _merch_check_costing_margins(self):
        """The margin gate: each costed line must leave the company's minimum
        margin at its price. (A manager confirms past it: ``action_confirm``.)"""
        for order in self:
            minimum = order.company_id.merch_min_margin_percent
            # sudo: the gate counts the costed lines whoever confirms (a salesperson, the customer online).
            for line in order.order_line.filtered(lambda line: line.sudo().merch_costing_id):
                figures = line._merch_costing_figures()
                if float_compare(figures['margin'], minimum, precision_digits=2) >= 0:
                    continue
                if self.env.user.share:
                    # The customer accepting online never sees the costs.
                    raise UserError(self.env._(
                        "%(order)s cannot be confirmed online yet. Please contact us.", order=order.name))
                raise UserError(self.env._(
                    "%(order)s cannot be confirmed: %(product)s is priced at %(price)s against a cost of "
                    "%(cost)s (costing %(sheet)s, %(incoterm)s) and %(commission)s %% commission, a margin of "
                    "%(margin)s %%, below the minimum of %(minimum)s %%. Raise the price, or ask a "
                    "merchandising manager to confirm it.",
                    order=order.name, product=line.product_id.display_name,
                    price=format_amount(self.env, figures['price'], order.currency_id),
                    cost=format_amount(self.env, figures['cost'], order.currency_id),
                    sheet=figures['sheet'].display_name,
                    incoterm=(order.incoterm or figures['sheet'].incoterm_id).code,
                    commission=figures['commission'], margin=round(figures['margin'], 1),
                    minimum=minimum))
