from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression

TILES = [
    ('orders', 'My orders by health'),
    ('overdue_milestones', 'My overdue milestones'),
    ('samples_awaiting', 'Samples awaiting the customer'),
    ('shipping_this_week', 'Shipping this week'),
    ('otd_rate', 'My on-time rate'),
    ('enquiries', 'My open enquiries'),
    ('enquiries_waiting', 'Enquiries waiting for the buyer'),
    ('time_split', 'My time: prospects and customers'),
]


class MerchandisingCockpitTile(models.Model):
    """A tile of the merchandiser's morning screen, *My Follow-up*: one figure
    about the merchandiser's own orders (late milestones, samples the customer
    has not judged yet, what ships this week, the on-time rate), computed for
    whoever looks, and a click away from the list behind it. A manager may
    rename, reorder or archive the tiles; what each one counts is the code's."""

    _name = 'merchandising.cockpit.tile'
    _description = 'Follow-up Cockpit Tile'
    _order = 'sequence, id'

    name = fields.Char('Title', required=True, translate=True)
    sequence = fields.Integer(default=10, help="Tiles show in this order.")
    kind = fields.Selection(TILES, 'Shows', required=True, readonly=True, help="What the tile counts.")
    active = fields.Boolean(default=True, help="Archive a tile to take it off My Follow-up.")
    value = fields.Char('Figure', compute='_compute_figures', help="The tile's figure, for you.")
    detail = fields.Char(compute='_compute_figures', help="What the figure is made of.")
    alert = fields.Boolean(
        'Needs Attention', compute='_compute_figures',
        help="Something on this tile is overdue or slipping: the tile shows in red.")

    _sql_constraints = [
        ('kind_unique', 'unique (kind)', "There is already a tile showing this."),
    ]

    @api.depends_context('uid', 'tz')
    @api.depends('kind')
    def _compute_figures(self):
        for tile in self:
            tile.value, tile.detail, tile.alert = getattr(tile, '_figures_%s' % tile.kind)()

    def action_open(self):
        """The list behind the tile."""
        self.ensure_one()
        return getattr(self, '_action_%s' % self.kind)()

    # --- what each tile counts ----------------------------------------------

    def _today(self):
        return fields.Date.context_today(self)

    def _my_open_orders_domain(self):
        return [('merchandiser_id', '=', self.env.uid), ('state', '!=', 'cancel'),
                ('merch_stage_id.is_closed', '=', False)]

    def _overdue_milestones_domain(self):
        # Marked overdue by the chase job, or overdue since its last run.
        Milestone = self.env['merchandising.milestone']
        return expression.AND([[('merchandiser_id', '=', self.env.uid)], expression.OR([
            [('state', '=', 'late')], Milestone._overdue_domain(fields.Date.to_string(self._today()), ['pending'])])])

    def _samples_awaiting_domain(self):
        # The samples the merchandiser follows, of an order or of a prospect.
        return [('merchandiser_id', '=', self.env.uid), ('state', 'in', ('sent', 'received')),
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

    def _otd_domain(self, first_quarter_back, last_quarter_back=None):
        """The merchandiser's shipments from the start of a quarter (0: this
        one, 1: the last) to the end of another (by default the same)."""
        start = self._quarter_start(first_quarter_back)
        end = self._quarter_start(first_quarter_back if last_quarter_back is None else last_quarter_back)
        return [('merchandiser_id', '=', self.env.uid), ('ship_date', '>=', fields.Date.to_string(start)),
                ('ship_date', '<', fields.Date.to_string(end + relativedelta(months=3)))]

    def _figures_orders(self):
        groups = self.env['sale.order']._read_group(self._my_open_orders_domain(), ['merch_health'], ['__count'])
        counts = dict(groups)
        labels = dict(self.env['sale.order']._fields['merch_health']._description_selection(self.env))
        parts = [self.env._("%(count)s %(health)s", count=counts.get(key, 0), health=labels[key].lower())
                 for key in ('on_track', 'at_risk', 'late')]
        if counts.get(False):
            # Quotations and orders without a T&A plan have no health yet.
            parts.append(self.env._("%(count)s without a plan", count=counts[False]))
        return str(sum(counts.values())), ' · '.join(parts), bool(counts.get('late'))

    def _figures_overdue_milestones(self):
        count = self.env['merchandising.milestone'].search_count(self._overdue_milestones_domain())
        return str(count), self.env._("past their deadline, not done"), bool(count)

    def _figures_samples_awaiting(self):
        count = self.env['merchandising.sample'].search_count(self._samples_awaiting_domain())
        return str(count), self.env._("sent or received, not yet decided"), False

    def _figures_shipping_this_week(self):
        count = self.env['sale.order'].search_count(self._shipping_this_week_domain())
        return str(count), self.env._("orders with their ETD or ex-factory date this week"), False

    def _figures_otd_rate(self):
        rates = [self._otd_rate(quarters_back) for quarters_back in (0, 1)]
        text = ['%.1f %%' % rate if rate is not None else '–' for rate in rates]
        alert = rates[0] is not None and rates[1] is not None and rates[0] < rates[1]
        return text[0], self.env._("this quarter; last quarter: %(rate)s", rate=text[1]), alert

    def _otd_rate(self, quarters_back):
        """The rate over a quarter, None when nothing shipped in it (no rate, not 0 %)."""
        [(rate, count)] = self.env['merchandising.otd.report']._read_group(
            self._otd_domain(quarters_back), [], ['on_time_rate:avg', '__count'])
        return rate if count else None

    def _my_enquiries_domain(self):
        return [('user_id', '=', self.env.uid), ('type', '=', 'opportunity'), ('stage_id.is_won', '=', False)]

    def _enquiries_waiting_domain(self):
        return self._my_enquiries_domain() + [('merch_awaiting_reply_since', '!=', False)]

    def _figures_enquiries(self):
        groups = dict(self.env['crm.lead']._read_group(
            self._my_enquiries_domain(), ['activity_state'], ['__count']))
        return (str(sum(groups.values())),
                self.env._("%(count)s with an overdue follow-up", count=groups.get('overdue', 0)),
                bool(groups.get('overdue')))

    def _figures_enquiries_waiting(self):
        [(count, oldest)] = self.env['crm.lead']._read_group(
            self._enquiries_waiting_domain(), [], ['__count', 'merch_awaiting_reply_since:min'])
        if not count:
            return '0', self.env._("every buyer has answered"), False
        days = (fields.Datetime.now() - oldest).days
        return (str(count), self.env._("the oldest waits for %(days)s days", days=days),
                days >= self.env.company.merch_reply_reminder_days)

    def _month_activities_done(self):
        """The activities the user marked done this month, as (model, record
        id) pairs: Odoo logs each one as a message with its activity type."""
        start = self._today().replace(day=1)
        # sudo: the messages logging the user's own done activities, on records they may no longer read.
        return self.env['mail.message'].sudo()._read_group(
            [('author_id', '=', self.env.user.partner_id.id), ('mail_activity_type_id', '!=', False),
             ('date', '>=', fields.Datetime.to_string(start))], ['model', 'res_id'], ['__count'])

    def _time_split(self):
        """The activities done this month on prospects and on customers: an
        enquiry or a contact whose company has no confirmed order yet is a
        prospect's; anything else (orders, samples, milestones) a customer's."""
        done = self._month_activities_done()
        # sudo: those records only tell prospect from customer (has the company a
        # confirmed order?); nothing of them is shown.
        leads = self.env['crm.lead'].sudo().browse(
            {res_id for model, res_id, count in done if model == 'crm.lead'}).exists()
        contacts = self.env['res.partner'].sudo().browse(
            {res_id for model, res_id, count in done if model == 'res.partner'}).exists()
        companies = (leads.partner_id | contacts).commercial_partner_id
        customers = self.env['sale.order'].sudo().search_fetch(
            [('partner_id', 'child_of', companies.ids), ('state', '=', 'sale')], ['partner_id']
        ).partner_id.commercial_partner_id if companies else companies
        company_of = {('crm.lead', lead.id): lead.partner_id.commercial_partner_id for lead in leads}
        company_of.update({('res.partner', contact.id): contact.commercial_partner_id for contact in contacts})
        prospects = sum(count for model, res_id, count in done
                        if (model, res_id) in company_of and company_of[model, res_id] not in customers)
        return prospects, sum(count for model, res_id, count in done)

    def _figures_time_split(self):
        prospects, total = self._time_split()
        if not total:
            return '–', self.env._("no activity done this month"), False
        return ('%d %%' % round(100.0 * prospects / total),
                self.env._("on prospects: %(prospects)s of %(total)s activities done this month",
                           prospects=prospects, total=total), False)

    # --- the lists behind the tiles -----------------------------------------

    def _action(self, xmlid, domain, context=None):
        action = self.env['ir.actions.act_window']._for_xml_id(xmlid)
        # The client shows the display name in the breadcrumbs.
        action.update(name=self.name, display_name=self.name, domain=domain, context=context or {})
        return action

    def _action_orders(self):
        return self._action('merchandising.action_merchandising_orders', self._my_open_orders_domain(),
                            {'group_by': ['merch_health']})

    def _action_overdue_milestones(self):
        return self._action('merchandising.action_merchandising_milestone', self._overdue_milestones_domain())

    def _action_samples_awaiting(self):
        return self._action('merchandising.action_merchandising_sample', self._samples_awaiting_domain())

    def _action_shipping_this_week(self):
        return self._action('merchandising.action_merchandising_orders', self._shipping_this_week_domain())

    def _action_enquiries(self):
        return self._action('crm.crm_lead_action_pipeline', self._my_enquiries_domain())

    def _action_enquiries_waiting(self):
        return self._action('crm.crm_lead_action_pipeline', self._enquiries_waiting_domain(),
                            {'search_default_group_by_stage': 0})

    def _action_time_split(self):
        start = self._today().replace(day=1)
        return self._action('mail.action_view_mail_message', [
            ('author_id', '=', self.env.user.partner_id.id), ('mail_activity_type_id', '!=', False),
            ('date', '>=', fields.Datetime.to_string(start))])

    def _action_otd_rate(self):
        # Last quarter and this one, side by side.
        return self._action('merchandising.action_merchandising_otd_report', self._otd_domain(1, 0),
                            {'pivot_column_groupby': ['ship_date:quarter']})
