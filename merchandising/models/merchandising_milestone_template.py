from odoo import api, fields, models, tools
from odoo.exceptions import UserError


class MerchandisingMilestoneTemplate(models.Model):
    """A Time & Action calendar to start from: the milestones an order goes
    through, each placed a number of days before the ex-factory date (or after
    confirmation). The most specific template for the order's customer and
    products is applied when the order is confirmed."""

    _name = 'merchandising.milestone.template'
    _inherit = ['merchandising.cached.config']
    _description = 'T&A Template'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Among templates that fit an order equally well, the first one applies.")
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
        'res.company',
        help="Leave empty to share the template between all companies.")

    @api.model
    def _match(self, order):
        """The most specific template for the order (see ``_match_orders``)."""
        return self._match_orders(order)[order]

    @api.model
    @tools.ormcache()
    def _matching_rules(self):
        """Every active template, in sequence, as (id, company id, customer
        ids, product category ids): read once per process and cached (like
        the stages), because every confirmation matches its orders against
        them and templates change seldom."""
        # Archived customers stay in the rule: an order may still be theirs.
        # sudo: a cache for every user, of configuration every confirmation matches.
        templates = self.sudo().with_context(active_test=False).search_fetch(
            [('active', '=', True)], ['company_id', 'partner_ids', 'product_category_ids'])
        return tuple((template.id, template.company_id.id, frozenset(template.partner_ids.ids),
                      frozenset(template.product_category_ids.ids)) for template in templates)

    @api.model
    def _match_orders(self, orders):
        """{order: its most specific template}: one naming its customer beats
        one naming a category of its products, which beats a template for
        everyone; among equals, the first in sequence."""
        if not orders:
            return {}
        rules = self._matching_rules()
        matches = {}
        for order in orders:
            customer = order.partner_id.commercial_partner_id.id
            categories = set(order.order_line.product_id.categ_id.ids)
            best, best_score = False, -1
            for template_id, company_id, partner_ids, category_ids in rules:
                if company_id and company_id != order.company_id.id:
                    continue
                if partner_ids and customer not in partner_ids:
                    continue
                if category_ids and not (categories & category_ids):
                    continue
                score = 2 * bool(partner_ids) + bool(category_ids)
                if score > best_score:
                    best, best_score = template_id, score
            matches[order] = self.browse(best)
        return matches

    def _planned_lines(self, order, ex_factory_date):
        """[(template line, planned date)] for the order leaving the factory on
        ``ex_factory_date``, or a UserError naming the date the order lacks.
        Offsets count working days of the company's calendar (its weekends
        and public holidays); lines counted from the confirmation count from
        the order date, which is the confirmation date once the order is
        confirmed."""
        self.ensure_one()
        calendar_id = order.company_id.resource_calendar_id.id
        days = self.env['resource.calendar']._merch_working_days_of([calendar_id])[calendar_id]
        anchors = {
            'ex_factory': ex_factory_date,
            'confirmation': order.date_order and fields.Date.context_today(order, order.date_order),
        }
        labels = {
            'ex_factory': order._fields['ex_factory_date']._description_string(self.env),
            'confirmation': order._fields['date_order']._description_string(self.env),
        }
        planned = []
        for line in self.line_ids:
            anchor = anchors[line.anchor]
            if not anchor:
                raise UserError(self.env._(
                    "%(order)s: the T&A template '%(template)s' counts '%(milestone)s' from the "
                    "%(date)s, which the order does not have yet. Fill in the %(date)s on the "
                    "order's T&A tab, then apply the plan.",
                    order=order.name, template=self.name, milestone=line.name, date=labels[line.anchor]))
            planned.append((line, days.add(anchor, line.offset_days)))
        return planned

    def copy(self, default=None):
        # The copied lines wait for each other as the originals do.
        copies = super().copy(default)
        for template, copied in zip(self, copies):
            lines = dict(zip(template.line_ids, copied.line_ids))
            self.env['merchandising.milestone.template.dependency'].create([{
                'line_id': lines[dependency.line_id].id,
                'predecessor_id': lines[dependency.predecessor_id].id,
                'lag_days': dependency.lag_days,
            } for dependency in template.line_ids.dependency_ids])
        return copies
