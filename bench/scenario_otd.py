"""The on-time delivery pivot (merchandising.otd.report) at 20,000 shipped
orders against the same figures from one hand-written SQL query (the floor).

The data: dataset.orders at --orders (40,000) orders, --shipped (50 %)
shipped, a fifth of those late (by a milestone, a sample, customs or nothing
recorded). Measured as a merchandising manager (with_user: the record rules
apply), with the calls of the 18.0 web client:

    floor        one query on sale_order (+ the company's partner, for its
                 time zone): the on-time rate and the late orders per
                 merchandiser and ship month, with the report's definitions
                 (shipped: a ship date or an ATD, confirmed; on time: shipped
                 on or before the commitment date, as a date in the company's
                 time zone)
    pivot        read_group([], measures, ['merchandiser_id', 'ship_date:month'],
                 lazy=False): the pivot view's table
    pivot load   the four read_group the pivot sends to open ([], month,
                 merchandiser, both)
    graph        web_read_group by merchandiser, and by delay cause

The scenario first checks that the floor gives the pivot's figures. Target:
the pivot within 3 x the floor (medians of the same run). Without the model
(not ported yet) the scenario says so and measures nothing.
"""
import sys

import dataset

NAME = 'otd'
HELP = "the on-time delivery pivot at 20,000 shipped orders against one hand-written SQL query"
MODEL = 'merchandising.otd.report'
PIVOT_GROUPBY = ['merchandiser_id', 'ship_date:month']
MEASURES = ['on_time_rate', 'late_count']
TARGET = 3.0

SHIP_DATE = "COALESCE(sale.merch_ship_date, sale.merch_atd)"
PROMISE = """(sale.commitment_date AT TIME ZONE 'UTC'
              AT TIME ZONE COALESCE(NULLIF(company_partner.tz, ''), 'UTC'))::date"""
FLOOR_QUERY = """
    SELECT sale.merchandiser_id, date_trunc('month', {ship})::date AS month, count(*) AS orders,
           avg(CASE WHEN {ship} <= {promise} THEN 100.0 ELSE 0.0 END) AS on_time_rate,
           sum(CASE WHEN {ship} <= {promise} THEN 0 ELSE 1 END) AS late_count
      FROM sale_order sale
      JOIN res_company company ON company.id = sale.company_id
      JOIN res_partner company_partner ON company_partner.id = company.partner_id
     WHERE sale.state = 'sale' AND {ship} IS NOT NULL AND sale.commitment_date IS NOT NULL
     GROUP BY 1, 2
     ORDER BY 1, 2
""".format(ship=SHIP_DATE, promise=PROMISE)


def add_arguments(parser):
    parser.add_argument('--orders', type=int, default=40000, help="orders generated (default: 40,000)")
    parser.add_argument('--shipped', type=float, default=0.5, help="share shipped (default: 0.5: 20,000)")
    parser.add_argument('--regenerate', action='store_true', help="generate the data again")
    parser.add_argument('--explain', action='store_true', help="print EXPLAIN ANALYZE of the pivot's query and "
                                                               "of the floor")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def measures(report):
    return ['%s:%s' % (name, report._fields[name].aggregator) for name in MEASURES]


def run(bench, args):
    with bench.env() as env:
        if MODEL not in env:
            raise bench.Unavailable('model missing')
    with bench.env(commit=True) as env:
        seed = dataset.seed(env)
        generated = dataset.orders(env, seed, args.orders, args.shipped, 50, args.regenerate)
    manager = seed['manager_id']

    def report(env):
        return env[MODEL].with_user(manager)

    def pivot(env):
        report(env).read_group([], measures(report(env)), PIVOT_GROUPBY, lazy=False)

    def pivot_load(env):
        for groupby in ([], ['ship_date:month'], ['merchandiser_id'], PIVOT_GROUPBY):
            report(env).read_group([], measures(report(env)), groupby, lazy=False)

    def graph(groupby):
        def load(env):
            report(env).with_context(fill_temporal=True).web_read_group(
                [], measures(report(env))[:1], [groupby], lazy=False)
        return load

    def floor(env):
        env.cr.execute(FLOOR_QUERY)
        env.cr.fetchall()

    with bench.env() as env:
        check = check_floor(env, report(env))
    log('%s shipped orders in the report; the floor %s the pivot (%d groups)' % (
        '{:,}'.format(check['shipped']), 'gives the same figures as' if check['same'] else 'DIFFERS FROM',
        check['groups']))
    actions = [('floor (one SQL query)', floor), ('pivot (merchandiser x month)', pivot),
               ('pivot load (4 read_group)', pivot_load), ('graph (merchandiser)', graph('merchandiser_id')),
               ('graph (delay cause)', graph('delay_cause'))]
    figures, data = {}, {'dataset': generated, 'check': check}
    for label, action in actions:
        log('Measuring %s (%d warm-up, %d runs)' % (label, args.warmup, args.runs))
        figures[label] = bench.measure(action, runs=args.runs, warmup=args.warmup)
        if args.profile and label != actions[0][0]:
            data.setdefault('profile', {})[label] = bench.profile(action, 'otd-%s' % label.split(' ')[0])
    if args.explain:
        data['explain'] = explain(bench, manager)
        for label, plan in data['explain'].items():
            print('\nEXPLAIN ANALYZE, %s:\n%s' % (label, plan))
    base = figures[actions[0][0]]['median_s']
    rows = [[label, '%.1f' % (1000 * f['median_s']), '%.1f-%.1f' % (1000 * f['min_s'], 1000 * f['max_s']),
             bench.queries_cell(f), '%.2f' % (f['median_s'] / base)] for label, f in figures.items()]
    ratio = figures[actions[1][0]]['median_s'] / base
    data.update(figures=figures, ratio=ratio)
    return {'columns': ['measure', 'median ms', 'min-max ms', 'queries', 'x floor'], 'rows': rows, 'data': data,
            'notes': ['\nPivot / floor: %.2f (target <= %.1f); the floor %s the pivot.' % (
                ratio, TARGET, 'gives the same figures as' if check['same'] else 'DIFFERS FROM')],
            'targets': [['pivot / its SQL floor', '%.2f' % ratio, '<= %.1f' % TARGET,
                         ('yes' if ratio <= TARGET else 'no') + ('' if check['same'] else ' (figures differ)')]]}


def check_floor(env, report):
    """Whether the floor and the pivot give the same groups, counts, rates
    and late counts."""
    env.cr.execute(FLOOR_QUERY)
    floor = {(row[0], str(row[1])[:7]): (row[2], round(float(row[3]), 6), row[4]) for row in env.cr.fetchall()}
    pivot = {}
    for group in report.read_group([], measures(report), PIVOT_GROUPBY, lazy=False):
        merchandiser = group['merchandiser_id'] and group['merchandiser_id'][0]
        start = group['__range']['ship_date:month']['from'] if group.get('__range') else None
        pivot[(merchandiser or None, str(start)[:7])] = (
            group['__count'], round(group['on_time_rate'] or 0.0, 6), group['late_count'])
    return {'same': pivot == floor, 'groups': len(pivot), 'shipped': sum(v[0] for v in pivot.values()),
            'only_in_floor': len(set(floor) - set(pivot)), 'only_in_pivot': len(set(pivot) - set(floor))}


def explain(bench, manager):
    """EXPLAIN (ANALYZE, BUFFERS) of the query the pivot's read_group sends, and of the floor."""
    import odoo.sql_db
    from odoo.tools import SQL
    sent, original = [], odoo.sql_db.Cursor.execute

    def execute(cursor, query, params=None, log_exceptions=True):
        if isinstance(query, SQL) and 'merchandising_otd_report' in query.code and 'GROUP BY' in query.code:
            sent.append(query)
        return original(cursor, query, params, log_exceptions)
    plans = {}
    with bench.env() as env:
        odoo.sql_db.Cursor.execute = execute
        try:
            report = env[MODEL].with_user(manager)
            report.read_group([], measures(report), PIVOT_GROUPBY, lazy=False)
        finally:
            odoo.sql_db.Cursor.execute = original
        for label, query in (('pivot', sent[-1]), ('floor', SQL(FLOOR_QUERY))):
            env.cr.execute(SQL('EXPLAIN (ANALYZE, BUFFERS) %s', query))
            plans[label] = '\n'.join(row[0] for row in env.cr.fetchall())
    return plans
