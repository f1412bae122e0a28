from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools

DELAY_CAUSES = [
    ('milestone', 'Production milestone'),
    ('sample', 'Sample approval'),
    ('customs', 'Customs'),
    ('none', 'No cause recorded'),
]


class MerchandisingOtdReport(models.Model):
    """On-time delivery (交期达成率): one line per shipped order, with the date
    the customer was promised, the day the goods left, and — when late — the
    first thing that made it late. The rate is the average of ``on_time_rate``
    (100 for an order on time, 0 for a late one), so it is never above 100 %
    and there is no rate at all where nothing shipped.

    An order shipped in several deliveries counts once, on the day its last
    delivery left (``merch_ship_date``): it is on time only when all of it
    was. Dates are compared as dates in the company's time zone (its
    partner's), so an order promised for the 11th in Shanghai is not late
    for leaving on the 11th because the promise is stored as the 10th, 20:00
    UTC."""

    _name = 'merchandising.otd.report'
    _description = 'On-time Delivery Analysis'
    _auto = False
    _rec_name = 'order_id'
    _order = 'ship_date desc, id desc'

    order_id = fields.Many2one('sale.order', 'Order', readonly=True)
    partner_id = fields.Many2one('res.partner', 'Customer', readonly=True)
    merchandiser_id = fields.Many2one('res.users', 'Merchandiser', readonly=True)
    factory_id = fields.Many2one(
        'res.partner', 'Factory', readonly=True,
        help="The factory of the milestone that made the order late; for an order on time, "
             "the factory of its last critical milestone.")
    company_id = fields.Many2one('res.company', 'Company', readonly=True)
    promised_date = fields.Date(
        'Promised Date', readonly=True,
        help="The customer's requested date, else the commitment date, in the company's time zone.")
    ex_factory_date = fields.Date('Ex-factory Date', readonly=True)
    ship_date = fields.Date(
        'Ship Date', readonly=True,
        help="The day the last delivery left (else the actual time of departure).")
    days_late = fields.Integer(
        'Days Late', readonly=True, group_operator='avg',
        help="Ship date minus promised date: negative when early. Averaged when grouped.")
    on_time = fields.Boolean('On Time', readonly=True)
    on_time_rate = fields.Float(
        'On-time Rate (%)', readonly=True, group_operator='avg', digits=(16, 1),
        help="交期达成率: the share of shipped orders that left by the promised date.")
    late_count = fields.Integer('Late Orders', readonly=True)
    delay_cause = fields.Selection(
        DELAY_CAUSES, 'Delay Cause', readonly=True,
        help="For a late order: the first critical milestone that finished after its planned "
             "date (a sample milestone counts as sample approval), else a sample approved "
             "after its due date, else customs released after the ex-factory date.")
    cause_milestone = fields.Char(
        'Late Milestone', readonly=True,
        help="The first critical milestone that finished late.")

    @api.model_cr
    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        # Partial indexes for the delay cause: a lookup per late order finds
        # its first late critical milestone / late approved sample in an index
        # holding only the late ones (a few per cent of the rows), instead of
        # reading the order's every milestone or sample and filtering them.
        cr.execute("""CREATE INDEX IF NOT EXISTS merchandising_milestone_late_critical_index
                          ON merchandising_milestone (order_id, sequence, id)
                       WHERE is_critical AND actual_date > planned_date""")
        cr.execute("""CREATE INDEX IF NOT EXISTS merchandising_sample_late_approved_index
                          ON merchandising_sample (order_id)
                       WHERE state = 'approved' AND date_decided > date_due""")
        cr.execute("CREATE VIEW %s AS (%s)" % (self._table, self._query()))

    def _query(self):
        # One row per shipped order. What the rate needs (the order's dates)
        # comes from sale_order alone; the factory, the delay cause and the
        # late milestone come from the milestones and samples, and PostgreSQL
        # reads them only for a query that asks for those columns:
        # - the late milestone is found by a scalar subquery (its id) and
        #   joined by that id (LEFT JOIN on a primary key): unused, the join
        #   and the subquery are removed from the plan;
        # - the last critical factory only when no milestone was late, the
        #   late sample only for a late order without a late milestone
        #   (COALESCE and CASE evaluate their subqueries lazily);
        # - the customer is a LEFT JOIN on a primary key (sale_order.partner_id
        #   is required: the same rows), removed when partner_id is not asked.
        # So the pivot (rate by merchandiser and month) costs about what one
        # query on sale_order does, with no subquery per order.
        return """
            WITH shipped AS (
                SELECT sale.id, sale.partner_id, sale.merchandiser_id, sale.company_id,
                       sale.ex_factory_date, sale.merch_customs_released_date,
                       COALESCE(sale.merch_ship_date, sale.merch_atd) AS ship_date,
                       (COALESCE(sale.requested_date, sale.commitment_date)
                            AT TIME ZONE 'UTC'
                            AT TIME ZONE COALESCE(NULLIF(company_partner.tz, ''), 'UTC'))::date
                           AS promised_date
                  FROM sale_order sale
                  JOIN res_company company ON company.id = sale.company_id
                  JOIN res_partner company_partner ON company_partner.id = company.partner_id
                 WHERE sale.state IN ('sale', 'done')
                   AND COALESCE(sale.merch_ship_date, sale.merch_atd) IS NOT NULL
                   AND COALESCE(sale.requested_date, sale.commitment_date) IS NOT NULL
            ), measured AS (
                SELECT shipped.*, shipped.ship_date - shipped.promised_date AS days_late,
                       (SELECT milestone.id
                          FROM merchandising_milestone milestone
                         WHERE milestone.order_id = shipped.id AND milestone.is_critical
                           AND milestone.actual_date > milestone.planned_date
                         ORDER BY milestone.sequence, milestone.id
                         LIMIT 1) AS late_milestone_id
                  FROM shipped
            )
            SELECT measured.id,
                   measured.id AS order_id,
                   customer.commercial_partner_id AS partner_id,
                   measured.merchandiser_id,
                   COALESCE(late_milestone.partner_id, (
                       SELECT milestone.partner_id
                         FROM merchandising_milestone milestone
                        WHERE milestone.order_id = measured.id AND milestone.is_critical
                          AND milestone.partner_id IS NOT NULL
                        ORDER BY milestone.sequence DESC, milestone.id DESC
                        LIMIT 1)) AS factory_id,
                   measured.company_id,
                   measured.promised_date,
                   measured.ex_factory_date,
                   measured.ship_date,
                   measured.days_late,
                   measured.days_late <= 0 AS on_time,
                   CASE WHEN measured.days_late <= 0 THEN 100.0 ELSE 0.0 END AS on_time_rate,
                   CASE WHEN measured.days_late <= 0 THEN 0 ELSE 1 END AS late_count,
                   CASE
                       WHEN measured.days_late <= 0 THEN NULL
                       WHEN late_milestone.sample_type_id IS NOT NULL THEN 'sample'
                       WHEN late_milestone.id IS NOT NULL THEN 'milestone'
                       WHEN EXISTS (
                           SELECT 1
                             FROM merchandising_sample sample
                            WHERE sample.order_id = measured.id AND sample.state = 'approved'
                              AND sample.date_decided > sample.date_due) THEN 'sample'
                       WHEN measured.merch_customs_released_date > measured.ex_factory_date THEN 'customs'
                       ELSE 'none'
                   END AS delay_cause,
                   CASE WHEN measured.days_late > 0 THEN late_milestone.name END AS cause_milestone
              FROM measured
              LEFT JOIN res_partner customer ON customer.id = measured.partner_id
              LEFT JOIN merchandising_milestone late_milestone ON late_milestone.id = measured.late_milestone_id
        """

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Groups by a person, a customer or a factory sorted by their names
        here rather than by the database: Odoo sorts groups of a many2one by
        the target's own order, which for users and partners joins their
        tables and sorts every row of the report (20,000 a year at a
        mid-size exporter) before grouping them, twice the time of the
        aggregate itself. Only for the client's plain group-bys (no order,
        limit or offset asked)."""
        groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if lazy:
            groupbys = groupbys[:1]
        field_of = {name: self._fields[name.split(':')[0]] for name in groupbys}
        # People, customers, factories, companies: ordered by name. (Orders
        # keep their own order, newest first.)
        by_name = [name for name in groupbys
                   if field_of[name].comodel_name in ('res.users', 'res.partner', 'res.company')]
        others = [name for name in groupbys if name not in by_name]
        measures = [name for name in fields or [] if name in self._fields and name not in groupbys
                    and self._fields[name].group_operator and self._fields[name].type in ('integer', 'float')]
        if orderby or limit or offset or not by_name or not (others or measures):
            return super(MerchandisingOtdReport, self)._read_group_raw(
                domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        groups = super(MerchandisingOtdReport, self)._read_group_raw(
            domain, fields, groupby, orderby=','.join(others or measures[:1]), lazy=lazy)

        def sort_key(group):
            key = []
            for name in groupbys:
                value = group[name]
                if name in by_name:
                    value = value and (value[1], value[0])      # (id, name): by name, namesakes apart
                elif isinstance(value, tuple):
                    value = value[0]                # a date: ('start/end', label)
                empty = value is None or (value is False and field_of[name].type != 'boolean')
                key.append((empty, 0 if empty else value))     # empty groups last, as PostgreSQL sorts NULL
            return key
        return sorted(groups, key=sort_key)

    def _read_group_resolve_many2one_fields(self, data, fields):
        # The groups' names only: name_get on 40 users otherwise reads every
        # column of their users and partners (read_group prefetches them),
        # avatars included — longer than the aggregate itself.
        return super(MerchandisingOtdReport, self.with_context(prefetch_fields=False)) \
            ._read_group_resolve_many2one_fields(data, fields)

    @api.model
    def _rates(self, groupby, domain):
        """{group id: (rate %, shipped count)} over ``domain``, grouped by a
        many2one; groups without shipped orders are absent (no rate, not 0 %)."""
        groups = self.read_group(domain, ['on_time_rate', groupby], [groupby], lazy=False)
        return {group[groupby][0]: (group['on_time_rate'], group['__count'])
                for group in groups if group[groupby]}

    @api.model
    def _since(self, months):
        """The first day counted by "the last ``months`` months", in the user's today."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today - relativedelta(months=months))

    @api.model
    def _action_for(self, domain, name):
        action = self.env.ref('merchandising.action_merchandising_otd_report').read()[0]
        action.update(domain=domain, name=name, context={})
        return action

    # --- the rate on the forms of whom it measures (users, customers) --------
    # Helpers rather than a mixin model: an abstract model inherited by
    # res.partner makes Odoo 11 read partners with dropped columns when the
    # addon is uninstalled.

    @api.model
    def _last_12_months_domain(self, field, keys):
        return [(field, 'in', keys), ('ship_date', '>=', self._since(months=12))]

    @api.model
    def _fill_rates(self, records, field, key_of):
        """Set ``merch_otd_rate`` and ``merch_otd_count`` of ``records`` over
        the last 12 months, in one read_group; ``key_of(record)`` is the
        record's value of the report's many2one ``field``."""
        rates = self._rates(field, self._last_12_months_domain(field, [key_of(record) for record in records]))
        for record in records:
            record.merch_otd_rate, record.merch_otd_count = rates.get(key_of(record), (0.0, 0))

    @api.model
    def _action_last_12_months(self, field, key, name):
        return self._action_for(self._last_12_months_domain(field, [key]), _("On-time Delivery: %s") % name)
