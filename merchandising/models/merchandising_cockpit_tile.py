from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

TILES = [
    ('orders', 'My orders by health'),
    ('overdue_milestones', 'My overdue milestones'),
    ('samples_awaiting', 'Samples awaiting the customer'),
    ('shipping_this_week', 'Shipping this week'),
    ('otd_rate', 'My on-time rate'),
]


class MerchandisingCockpitTile(models.Model):
    """A tile of the merchandiser's morning screen, *My Follow-up*: one figure
    about the merchandiser's own orders (late milestones, samples the customer
    has not judged yet, what ships this week, the on-time rate), computed for
    whoever looks, and a click away from the list behind it."""

    _name = 'merchandising.cockpit.tile'
    _description = 'Follow-up Cockpit Tile'
    _order = 'sequence, id'

    name = fields.Char('Title', required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(TILES, 'Shows', required=True)
    active = fields.Boolean(default=True)
    value = fields.Char('Figure', compute='_compute_figures')
    detail = fields.Char('Detail', compute='_compute_figures')
    alert = fields.Boolean(
        'Needs Attention', compute='_compute_figures',
        help="Something on this tile is late: the tile shows in red.")

    _sql_constraints = [
        ('kind_unique', 'unique (kind)', "There is already a tile showing this."),
    ]

    @api.multi
    def _compute_figures(self):
        for tile in self:
            tile.value, tile.detail, tile.alert = getattr(tile, '_figures_%s' % tile.kind)()

    @api.multi
    def action_open(self):
        """The list behind the tile."""
        self.ensure_one()
        return getattr(self, '_action_%s' % self.kind)()

    # --- what each tile counts ----------------------------------------------

    def _today(self):
        return fields.Date.from_string(fields.Date.context_today(self))

    def _my_open_orders_domain(self):
        return [('merchandiser_id', '=', self.env.uid), ('state', '!=', 'cancel'),
                ('merch_stage_id.is_closed', '=', False)]

    def _overdue_milestones_domain(self):
        return [('merchandiser_id', '=', self.env.uid), ('state', 'in', ('pending', 'late')),
                ('due_date', '<', fields.Date.to_string(self._today()))]

    def _samples_awaiting_domain(self):
        return [('order_id.merchandiser_id', '=', self.env.uid), ('state', 'in', ('sent', 'received')),
                ('needs_approval', '=', True)]

    def _shipping_this_week_domain(self):
        monday = self._today() - timedelta(days=self._today().weekday())
        week = [fields.Date.to_string(monday), fields.Date.to_string(monday + timedelta(days=6))]
        # The booked departure when there is one, else the ex-factory date.
        return self._my_open_orders_domain() + [
            ('merch_ship_date', '=', False),
            '|', '&', ('merch_etd', '>=', week[0]), ('merch_etd', '<=', week[1]),
            '&', '&', ('merch_etd', '=', False), ('ex_factory_date', '>=', week[0]),
            ('ex_factory_date', '<=', week[1])]

    def _quarter_start(self, quarters_back=0):
        today = self._today()
        start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        return start - relativedelta(months=3 * quarters_back)

    def _otd_domain(self, quarters_back):
        start = self._quarter_start(quarters_back)
        end = start + relativedelta(months=3)
        return [('merchandiser_id', '=', self.env.uid), ('ship_date', '>=', fields.Date.to_string(start)),
                ('ship_date', '<', fields.Date.to_string(end))]

    def _figures_orders(self):
        groups = self.env['sale.order'].read_group(
            self._my_open_orders_domain(), ['merch_health'], ['merch_health'])
        counts = {group['merch_health']: group['merch_health_count'] for group in groups}
        health = dict(self.env['sale.order']._fields['merch_health']._description_selection(self.env))
        parts = ['%d %s' % (counts.get(key, 0), health[key].lower()) for key in ('on_track', 'at_risk', 'late')]
        if counts.get(False):
            # Quotations and orders without a T&A plan have no health yet.
            parts.append(_("%d without a plan") % counts[False])
        detail = ' · '.join(parts)
        return str(sum(counts.values())), detail, bool(counts.get('late'))

    def _figures_overdue_milestones(self):
        count = self.env['merchandising.milestone'].search_count(self._overdue_milestones_domain())
        return str(count), _("past their due date, not done"), bool(count)

    def _figures_samples_awaiting(self):
        count = self.env['merchandising.sample'].search_count(self._samples_awaiting_domain())
        return str(count), _("sent or received, not yet approved"), False

    def _figures_shipping_this_week(self):
        count = self.env['sale.order'].search_count(self._shipping_this_week_domain())
        return str(count), _("orders with ETD or ex-factory date this week"), False

    def _figures_otd_rate(self):
        rates = [self._otd_rate(quarters_back) for quarters_back in (0, 1)]
        text = ['%.1f %%' % rate if rate is not None else '–' for rate in rates]
        alert = rates[0] is not None and rates[1] is not None and rates[0] < rates[1]
        return text[0], _("this quarter; last quarter: %s") % text[1], alert

    def _otd_rate(self, quarters_back):
        """The rate over a quarter, None when nothing shipped in it (no rate, not 0 %)."""
        groups = self.env['merchandising.otd.report'].read_group(
            self._otd_domain(quarters_back), ['on_time_rate'], [])
        return groups[0]['on_time_rate'] if groups and groups[0]['__count'] else None

    # --- the lists behind the tiles -----------------------------------------

    def _action(self, xmlid, domain, context=None):
        action = self.env.ref(xmlid).read()[0]
        action.update(name=self.name, domain=domain, context=context or {})
        return action

    def _action_orders(self):
        return self._action('merchandising.action_merchandising_orders', self._my_open_orders_domain(),
                            {'group_by': 'merch_health'})

    def _action_overdue_milestones(self):
        return self._action('merchandising.action_merchandising_milestone', self._overdue_milestones_domain())

    def _action_samples_awaiting(self):
        return self._action('merchandising.action_merchandising_sample', self._samples_awaiting_domain())

    def _action_shipping_this_week(self):
        return self._action('merchandising.action_merchandising_orders', self._shipping_this_week_domain())

    def _action_otd_rate(self):
        domain = self._otd_domain(1)[:2] + [('ship_date', '<', fields.Date.to_string(
            self._quarter_start(0) + relativedelta(months=3)))]
        return self._action('merchandising.action_merchandising_otd_report', domain,
                            {'pivot_column_groupby': ['ship_date:quarter']})
