from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class MerchandisingMilestoneTemplate(models.Model):
    """A Time & Action calendar to start from: the milestones an order goes
    through, each placed a number of days before the ex-factory date (or after
    confirmation). The most specific template for the order's customer and
    products is applied when the order is confirmed."""

    _name = 'merchandising.milestone.template'
    _description = 'T&A Template'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    partner_ids = fields.Many2many(
        'res.partner', string='Customers',
        help="Apply to these customers only; leave empty for every customer.")
    product_category_ids = fields.Many2many(
        'product.category', string='Product Categories',
        help="Apply to orders with products of these categories only; leave empty "
             "for every product.")
    line_ids = fields.One2many(
        'merchandising.milestone.template.line', 'template_id', 'Milestones', copy=True)
    company_id = fields.Many2one(
        'res.company', 'Company',
        help="Leave empty to share the template between all companies.")

    @api.model
    def _match(self, order):
        """The most specific template for the order: one naming its customer
        beats one naming a category of its products, which beats a template
        for everyone; among equals, the first in sequence."""
        customer = order.partner_id.commercial_partner_id
        # Only the categories: not every column of the lines, their products
        # and templates (company-dependent properties included), as reading
        # a field prefetches — this runs on every confirmation.
        categories = order.order_line.with_context(prefetch_fields=False).mapped('product_id.categ_id')
        best, best_score = self.browse(), -1
        for template in self.search(['|', ('company_id', '=', False), ('company_id', '=', order.company_id.id)]):
            if template.partner_ids and customer not in template.partner_ids:
                continue
            if template.product_category_ids and not (categories & template.product_category_ids):
                continue
            score = 2 * bool(template.partner_ids) + bool(template.product_category_ids)
            if score > best_score:
                best, best_score = template, score
        return best

    def _planned_lines(self, order, ex_factory_date):
        """[(template line, planned date)] for the order leaving the factory on
        ``ex_factory_date``, or a UserError naming the date the order lacks."""
        self.ensure_one()
        confirmed = self.env.context.get('merch_confirmation_date') or order.confirmation_date
        anchors = {
            'ex_factory': ex_factory_date,
            'confirmation': (confirmed or order.date_order or '')[:10] or False,
        }
        labels = {'ex_factory': order._fields['ex_factory_date'].string,
                  'confirmation': order._fields['confirmation_date'].string}
        planned = []
        for line in self.line_ids:
            if not anchors[line.anchor]:
                raise UserError(_(
                    "%s: the T&A template '%s' counts '%s' from the %s, which the order does not "
                    "have yet. Fill in the %s on the order's T&A tab, then apply the plan.") % (
                        order.name, self.name, line.name, labels[line.anchor], labels[line.anchor]))
            anchor = fields.Date.from_string(anchors[line.anchor])
            planned.append((line, fields.Date.to_string(anchor + timedelta(days=line.offset_days))))
        return planned

    def _apply(self, order, ex_factory_date, keep_revised=True):
        """Plan the order's milestones from this template, counted back from
        ``ex_factory_date`` (the caller writes it on the order, with the
        template, in one write with the rest). Done milestones keep
        their dates and notes; open ones get their new planned date and, unless
        told otherwise, keep the date the factory promised."""
        self.ensure_one()
        # Every date first: a plan is applied whole or not at all.
        planned = self._planned_lines(order, ex_factory_date)
        existing = {m.template_line_id.id: m for m in order.merch_milestone_ids if m.template_line_id}
        # A plan is ten milestones or so, made on every confirmation: without
        # mail each one would post "created", a tracking message and an
        # "assigned to you" notice (30 messages, 1,000 queries an order); the
        # responsible learn of them from the daily chase digest. The order's
        # forecast is computed once, for the whole plan, not after each one.
        Milestone = self.env['merchandising.milestone'].with_context(tracking_disable=True, recompute=False)
        new = []
        for line, planned_date in planned:
            milestone = existing.get(line.id)
            if milestone and milestone.state == 'done':
                continue
            values = {'planned_date': planned_date}
            if not keep_revised:
                values['revised_date'] = False
            if milestone:
                milestone.with_context(merch_replan=True).write(values)
            else:
                new.append(dict(values, **line._milestone_values(order)))
        Milestone._create_plan(new)
        self.env['merchandising.milestone'].recompute()
