"""The on-time delivery pivot (merchandising.otd.report, an SQL view) at
20,000 shipped orders, against the same aggregate written by hand as one SQL
query on the base tables (the floor).

The data: the pipeline scenario's generator (bench/scenario_pipeline.py) at
--orders (40,000) orders of which --shipped (50 %) shipped: 20,000 shipped
orders with a promise (requested date, else commitment date), 10 milestones
and 3 approved samples each; a fifth of them late (by a milestone finished
after its planned date, a sample approved after its due date, customs released
after ex-factory, or nothing recorded), and a seventh of the others with a
milestone late too, so that the view's LATERAL subqueries find rows.

Measured, as a merchandising manager (sudo(manager): record rules apply),
each run on a fresh cursor:

    pivot        read_group([], ['merchandiser_id', 'ship_date', 'on_time_rate',
                 'late_count'], ['merchandiser_id', 'ship_date:month'],
                 lazy=False): the call of the pivot view (merchandiser x ship
                 month), with the fields the 11.0 web client sends
    pivot load   the four read_group calls the 11.0 pivot sends to open
                 that view ([], [month], [merchandiser], [merchandiser, month])
    graph (merchandiser), graph (delay cause)
                 read_group([], [groupby, 'on_time_rate'], [groupby], lazy=False)
    floor        one hand-written query on sale_order (+ the company's partner
                 for its time zone): avg(100 when shipped by the promise, else
                 0) and the late count per merchandiser and month

The target: the pivot's call within 3 x the floor (a ratio of medians measured
in the same run). The floor computes no delay cause, factory or late milestone
(the pivot does not show them); the view can compute them, and does when they
are asked for (graph by delay cause).
"""
import argparse
import sys

import scenario_pipeline

NAME = 'otd'
HELP = "the on-time delivery pivot at 20,000 shipped orders against one hand-written SQL query (the floor)"

PIVOT_GROUPBY = ['merchandiser_id', 'ship_date:month']
# The 11.0 pivot sends its row and column fields, then its measures.
PIVOT_FIELDS = ['merchandiser_id', 'ship_date', 'on_time_rate', 'late_count']

# The floor: the same definitions as the view (shipped = a ship date or an
# ATD, confirmed; the promise = requested date else commitment date, as a date
# in the company partner's time zone; on time = shipped on or before it), and
# the month as Odoo's read_group groups a date by month.
FLOOR_QUERY = """
    SELECT sale.merchandiser_id,
           date_trunc('month', COALESCE(sale.merch_ship_date, sale.merch_atd)) AS month,
           count(*) AS orders,
           avg(CASE WHEN COALESCE(sale.merch_ship_date, sale.merch_atd)
                         <= (COALESCE(sale.requested_date, sale.commitment_date)
                                 AT TIME ZONE 'UTC'
                                 AT TIME ZONE COALESCE(NULLIF(company_partner.tz, ''), 'UTC'))::date
                    THEN 100.0 ELSE 0.0 END) AS on_time_rate,
           sum(CASE WHEN COALESCE(sale.merch_ship_date, sale.merch_atd)
                         <= (COALESCE(sale.requested_date, sale.commitment_date)
                                 AT TIME ZONE 'UTC'
                                 AT TIME ZONE COALESCE(NULLIF(company_partner.tz, ''), 'UTC'))::date
                    THEN 0 ELSE 1 END) AS late_count
      FROM sale_order sale
      JOIN res_company company ON company.id = sale.company_id
      JOIN res_partner company_partner ON company_partner.id = company.partner_id
     WHERE sale.state IN ('sale', 'done')
       AND COALESCE(sale.merch_ship_date, sale.merch_atd) IS NOT NULL
       AND COALESCE(sale.requested_date, sale.commitment_date) IS NOT NULL
     GROUP BY 1, 2
     ORDER BY 1, 2
"""


def add_arguments(parser):
    parser.add_argument('--orders', type=int, default=40000,
                        help="orders generated (default: 40,000, of which --shipped are shipped)")
    parser.add_argument('--shipped', type=float, default=0.5,
                        help="share of shipped orders (default: 0.5: 20,000 shipped of 40,000)")
    parser.add_argument('--regenerate', action='store_true',
                        help="generate the data again even when the database has it")
    parser.add_argument('--explain', action='store_true',
                        help="print EXPLAIN ANALYZE of the pivot's query and of the floor")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def run(bench, args):
    with bench.env(commit=True) as env:
        seed = scenario_pipeline.ensure_seed(env)
        dataset = scenario_pipeline.ensure_dataset(env, seed, args.orders, argparse.Namespace(
            shipped=args.shipped, regenerate=args.regenerate))
    manager = seed['manager_id']
    with bench.env() as env:
        env.cr.execute("SELECT count(*), sum(late_count) FROM merchandising_otd_report")
        shipped, late = env.cr.fetchone()
        env.cr.execute("SELECT delay_cause, count(*) FROM merchandising_otd_report "
                       "WHERE delay_cause IS NOT NULL GROUP BY 1 ORDER BY 1")
        causes = dict(env.cr.fetchall())
        check = check_floor(env, manager)
    log('%s shipped orders in the report, %s late (%s); the floor %s the pivot' % (
        '{:,}'.format(shipped), '{:,}'.format(late or 0), causes,
        'gives the same figures as' if check['same'] else 'DIFFERS FROM'))

    def pivot(env):
        env['merchandising.otd.report'].sudo(manager).read_group(
            [], PIVOT_FIELDS, PIVOT_GROUPBY, lazy=False)

    def pivot_load(env):
        report = env['merchandising.otd.report'].sudo(manager)
        for groupby in ([], ['ship_date:month'], ['merchandiser_id'], PIVOT_GROUPBY):
            report.read_group([], PIVOT_FIELDS, groupby, lazy=False)

    def graph(groupby):
        def load(env):
            report = env['merchandising.otd.report'].sudo(manager)
            report.read_group([], [groupby, 'on_time_rate'], [groupby], lazy=False)
        return load

    def floor(env):
        env.cr.execute(FLOOR_QUERY)
        env.cr.fetchall()

    actions = [('floor (one SQL query)', floor),
               ('pivot (merchandiser x month)', pivot),
               ('pivot load (4 read_groups)', pivot_load),
               ('graph (merchandiser)', graph('merchandiser_id')),
               ('graph (delay cause)', graph('delay_cause'))]
    measures = {}
    for label, action in actions:
        log('Measuring %s (%d warm-up, %d runs)' % (label, args.warmup, args.runs))
        measures[label] = bench.measure(action, runs=args.runs, warmup=args.warmup)
    profiles = {}
    if args.profile:
        profiles['pivot'] = bench.profile(pivot, 'otd-pivot')
    explain = {}
    if args.explain:
        explain = explain_queries(bench, manager)
        for label, plan in explain.items():
            print('\nEXPLAIN ANALYZE %s:\n%s' % (label, plan))

    floor_s = measures['floor (one SQL query)']['median_s']
    rows = []
    for label, dummy in actions:
        figures = measures[label]
        rows.append([label, '%.1f' % (1000 * figures['median_s']),
                     '%.1f-%.1f' % (1000 * figures['min_s'], 1000 * figures['max_s']),
                     scenario_pipeline.q(figures), '%.2f' % (figures['median_s'] / floor_s)])
    ratio = measures['pivot (merchandiser x month)']['median_s'] / floor_s
    holds = ratio <= 3
    notes = [
        '%s shipped orders (%s late: %s); %d groups (merchandiser x month); the floor %s the pivot.' % (
            '{:,}'.format(shipped), '{:,}'.format(late or 0),
            ', '.join('%s %s' % item for item in sorted(causes.items())), check['groups'],
            'gives the same figures as' if check['same'] else 'DIFFERS FROM'),
        'Pivot / floor: %.2f (target <= 3: %s).' % (ratio, 'holds' if holds else 'MISSED'),
        'The floor computes no delay cause, factory or late milestone: the pivot does not show them; '
        'the view computes them only where a query asks for them (graph by delay cause).',
    ]
    columns = ['measure', 'median ms', 'min-max ms', 'SQL queries', 'x floor']
    data = {'dataset': dataset, 'shipped_orders': shipped, 'late_orders': late, 'causes': causes,
            'floor_check': check, 'measures': measures, 'pivot_over_floor': ratio, 'explain': explain,
            'profile': profiles}
    targets = [['pivot (merchandiser x month) / SQL floor at %s shipped' % '{:,}'.format(shipped),
                '%.2f' % ratio, '<= 3', 'yes' if holds else 'no']]
    return {'columns': columns, 'rows': rows, 'notes': notes, 'data': data, 'targets': targets}


def check_floor(env, manager):
    """The floor computes what the pivot shows: the same groups, rates and late counts."""
    groups = env['merchandising.otd.report'].sudo(manager).read_group(
        [], PIVOT_FIELDS, PIVOT_GROUPBY, lazy=False)
    env.cr.execute(FLOOR_QUERY)
    floor = {(row[0], row[1].strftime('%Y-%m')): (row[2], round(float(row[3]), 6), row[4])
             for row in env.cr.fetchall()}
    pivot = {}
    for group in groups:
        start = [term[2] for term in group['__domain']
                 if isinstance(term, (list, tuple)) and term[0] == 'ship_date' and term[1] == '>='][0]
        merchandiser = group['merchandiser_id'] and group['merchandiser_id'][0] or None
        pivot[(merchandiser, start[:7])] = (group['__count'], round(group['on_time_rate'], 6), group['late_count'])
    return {'same': pivot == floor, 'groups': len(pivot)}


def explain_queries(bench, manager):
    """EXPLAIN ANALYZE of the query the pivot's read_group sends, and of the floor."""
    import odoo.sql_db
    plans = {}
    with bench.env() as env:
        sent = []
        original = odoo.sql_db.Cursor.execute

        def execute(cursor, query, params=None, log_exceptions=None):
            if 'merchandising_otd_report' in str(query) and 'GROUP BY' in str(query):
                sent.append((query, params))
            return original(cursor, query, params, log_exceptions)
        odoo.sql_db.Cursor.execute = execute
        try:
            env['merchandising.otd.report'].sudo(manager).read_group([], PIVOT_FIELDS, PIVOT_GROUPBY, lazy=False)
        finally:
            odoo.sql_db.Cursor.execute = original
        for label, (query, params) in (('pivot', sent[-1]), ('floor', (FLOOR_QUERY, None))):
            env.cr.execute('EXPLAIN (ANALYZE, BUFFERS) ' + query, params)
            plans[label] = '\n'.join(row[0] for row in env.cr.fetchall())
    return plans
