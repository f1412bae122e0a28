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
        # The margin gate before super(): nothing of the confirmation happens
        # on an order refused, whether the company has a confirmation stage
        # or not.
        problems = self._merch_margin_problems()
        if problems:
            raise UserError('\n'.join(problems))
        return super().action_confirm()

    def _merch_stage_gates(self):
        return super()._merch_stage_gates() + [self._merch_gate_margin]

    def _merch_gate_margin(self, stage):
        """Entering the confirmation stage asks what confirming asks: a
        quotation's costed lines above the company's minimum margin. (The
        orders ``action_confirm`` moves there are confirmed already: checked
        before, nothing is looked up again.)"""
        if not stage._has('is_confirmation_stage'):
            return []
        return self._merch_margin_problems()

    def _merch_margin_problems(self):
        """The margin gate: each costed line of a quotation must leave the
        company's minimum margin at its price, one message per line below it.
        A merchandising manager confirms past it."""
        quotations = self.filtered(lambda order: order.state in ('draft', 'sent'))
        if not quotations or self.env.user.has_group('merchandising.group_merchandising_manager'):
            return []
        problems = []
        for order in quotations:
            minimum = order.company_id.merch_min_margin_percent
            # sudo: the gate counts the costed lines whoever confirms (a salesperson, the customer online).
            for line in order.order_line.filtered(lambda line: line.sudo().merch_costing_id):
                figures = line._merch_costing_figures()
                if float_compare(figures['margin'], minimum, precision_digits=2) >= 0:
                    continue
                if self.env.user.share:
                    # The customer accepting online never sees the costs.
                    problems.append(self.env._(
                        "%(order)s cannot be confirmed online yet. Please contact us.", order=order.name))
                    break
                problems.append(self.env._(
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
        return problems
