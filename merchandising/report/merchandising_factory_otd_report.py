from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

KINDS = [
    ('milestone', 'T&A milestone'),
    ('receipt', 'Purchase receipt'),
]


class MerchandisingFactoryOtdReport(models.Model):
    """How well each factory and supplier keeps its dates: one line per T&A
    milestone it finished (on time when done by its planned date: the plan it
    agreed to, not its later promises) and per purchase line it delivered in
    full (on time when its last receipt was done by the line's expected
    arrival, as Odoo's own vendor on-time rate reads it). The rate is the
    average of ``on_time_rate`` (100 on time, 0 late)."""

    _name = 'merchandising.factory.otd.report'
    _description = 'Factory On-time Analysis'
    _auto = False
    _order = 'date desc, id desc'
    _depends = {
        'merchandising.milestone': ['actual_date', 'company_id', 'merchandiser_id', 'name', 'order_id',
                                    'partner_id', 'planned_date', 'state'],
        'purchase.order': ['partner_id', 'state'],
        'purchase.order.line': ['company_id', 'date_planned', 'name', 'order_id', 'product_qty', 'qty_received',
                                'sale_order_id'],
        'stock.move': ['date', 'purchase_line_id', 'state'],
        'res.company': ['partner_id'],
        'res.partner': ['commercial_partner_id', 'tz'],
        'sale.order': ['merchandiser_id'],
    }

    kind = fields.Selection(KINDS, readonly=True)
    factory_id = fields.Many2one('res.partner', 'Factory / Supplier', readonly=True)
    name = fields.Char('What', readonly=True)
    order_id = fields.Many2one('sale.order', readonly=True)
    purchase_id = fields.Many2one('purchase.order', readonly=True)
    merchandiser_id = fields.Many2one('res.users', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    planned_date = fields.Date('Planned', readonly=True)
    date = fields.Date('Done', readonly=True)
    delay_days = fields.Integer('Delay (days)', readonly=True, aggregator='avg')
    on_time = fields.Boolean(readonly=True)
    on_time_rate = fields.Float('On-time Rate (%)', readonly=True, aggregator='avg', digits=(16, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def _query(self):
        # Even ids for milestones, odd ones for purchase lines: one id space.
        # A receipt's day is the company's (its partner's time zone), as the
        # on-time delivery report reads the customer's promise.
        return SQL("""
            SELECT milestone.id * 2 AS id,
                   'milestone' AS kind,
                   factory.commercial_partner_id AS factory_id,
                   milestone.name AS name,
                   milestone.order_id,
                   NULL::integer AS purchase_id,
                   milestone.merchandiser_id,
                   milestone.company_id,
                   milestone.planned_date,
                   milestone.actual_date AS date,
                   milestone.actual_date - milestone.planned_date AS delay_days,
                   milestone.actual_date <= milestone.planned_date AS on_time,
                   CASE WHEN milestone.actual_date <= milestone.planned_date THEN 100.0 ELSE 0.0 END AS on_time_rate
              FROM merchandising_milestone milestone
              JOIN res_partner factory ON factory.id = milestone.partner_id
             WHERE milestone.state = 'done' AND milestone.actual_date IS NOT NULL
            UNION ALL
            SELECT line.id * 2 + 1,
                   'receipt',
                   supplier.commercial_partner_id,
                   line.name,
                   line.sale_order_id,
                   line.order_id,
                   sale.merchandiser_id,
                   line.company_id,
                   received.planned_date,
                   received.date,
                   received.date - received.planned_date,
                   received.date <= received.planned_date,
                   CASE WHEN received.date <= received.planned_date THEN 100.0 ELSE 0.0 END
              FROM purchase_order_line line
              JOIN purchase_order purchase ON purchase.id = line.order_id
              JOIN res_partner supplier ON supplier.id = purchase.partner_id
              JOIN res_company company ON company.id = line.company_id
              JOIN res_partner company_partner ON company_partner.id = company.partner_id
              LEFT JOIN sale_order sale ON sale.id = line.sale_order_id
              JOIN LATERAL (
                  SELECT (MAX(move.date) AT TIME ZONE 'UTC'
                              AT TIME ZONE COALESCE(NULLIF(company_partner.tz, ''), 'UTC'))::date AS date,
                         (line.date_planned AT TIME ZONE 'UTC'
                              AT TIME ZONE COALESCE(NULLIF(company_partner.tz, ''), 'UTC'))::date AS planned_date
                    FROM stock_move move
                   WHERE move.purchase_line_id = line.id AND move.state = 'done'
                  HAVING COUNT(*) > 0
              ) received ON TRUE
             WHERE purchase.state IN ('purchase', 'done') AND line.qty_received >= line.product_qty
               AND line.product_qty > 0
        """)

    @api.model
    def _last_12_months_domain(self, ids):
        since = fields.Date.to_string(fields.Date.context_today(self) - relativedelta(months=12))
        return [('factory_id', 'in', ids), ('date', '>=', since)]

    @api.model
    def _rates(self, ids):
        """{(factory id, kind): (rate %, count)} over the last 12 months, in
        one query; a factory with nothing done is absent (no rate, not 0 %)."""
        groups = self._read_group(self._last_12_months_domain(ids), ['factory_id', 'kind'],
                                  ['on_time_rate:avg', '__count'])
        return {(factory.id, kind): (rate, count) for factory, kind, rate, count in groups}

    @api.model
    def _action_last_12_months(self, factory):
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_factory_otd_report')
        name = self.env._("Factory On-time: %(name)s", name=factory.display_name)
        action.update(domain=self._last_12_months_domain(factory.ids), context={}, name=name, display_name=name)
        return action
