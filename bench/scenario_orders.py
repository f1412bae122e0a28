"""The standard sales flow with and without the addon: creating and
confirming sale orders of 5 lines through the ORM, on the benchmark database
(merchandising installed) and on its baseline (`<database>_base`:
sale_management and sale_stock only), both without demo data; with
--deps-database (`<database>_deps`: the modules the addon depends on —
delivery, sale_order_dates, the HS codes, web_responsive … — without the
addon) also on a third, to tell what the extra cost owes to the addon's own
code and what to the modules it builds on.

Both databases get the same seed records through the ORM (a customer and
five storable products, found again on later runs); then, round after round,
a batch of orders is created and confirmed on the baseline, then the same
batch on the addon's database (interleaved, so that the machine's noise hits
both alike), each batch on a fresh cursor, rolled back afterwards. The first
round of each is a warm-up (Odoo's caches). Per order: the median time and
SQL queries over the batches; the ratios are taken round by round (the
addon's batch over the baseline's batch just before it) and their median is
reported: every compared figure is measured in the same run.
"""
import statistics
import sys
import time

NAME = 'orders'
HELP = "create + confirm sale orders of 5 lines: with the addon against sale_management,sale_stock only"

CUSTOMER_REF = 'BENCH-OC'
PRODUCT_CODE = 'BENCH-OP%d'
LINES = 5


def add_arguments(parser):
    parser.add_argument('--orders', type=int, default=1000,
                        help="orders created and confirmed per database, over all measured batches (default: 1000)")
    parser.add_argument('--batch', type=int, default=100,
                        help="orders per batch, one batch per database per round (default: 100)")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def ensure_seed(env):
    """A customer and five products, the same on both databases."""
    Partner = env['res.partner'].with_context(tracking_disable=True)
    customer = Partner.search([('ref', '=', CUSTOMER_REF)], limit=1)
    if not customer:
        customer = Partner.create({'name': 'Bench Order Customer', 'ref': CUSTOMER_REF, 'is_company': True,
                                   'customer': True, 'email': 'orders@bench.example.com'})
    products = []
    for number in range(1, LINES + 1):
        code = PRODUCT_CODE % number
        product = env['product.product'].search([('default_code', '=', code)], limit=1)
        if not product:
            product = env['product.product'].with_context(tracking_disable=True).create({
                'name': 'Bench Product %d' % number, 'default_code': code, 'type': 'product',
                'sale_ok': True, 'list_price': 10.0 * number})
        products.append(product.id)
    return {'customer_id': customer.id, 'product_ids': products}


def make_action(seed, count):
    def create_and_confirm(env):
        SaleOrder = env['sale.order']
        for number in range(count):
            order = SaleOrder.create({
                'partner_id': seed['customer_id'],
                'order_line': [(0, 0, {'product_id': product_id, 'product_uom_qty': 10 + number % 7,
                                       'price_unit': 10.0 + index})
                               for index, product_id in enumerate(seed['product_ids'])],
            })
            order.action_confirm()
    return create_and_confirm


def timed(bench, action):
    """One batch on a fresh cursor, rolled back: (seconds, queries)."""
    with bench.env() as env:
        env.cr.sql_log_count = 0
        start = time.perf_counter()
        bench._call(action, env)
        return time.perf_counter() - start, env.cr.sql_log_count


def baseline(bench, database):
    """The Bench of a database without the addon, refusing one with it."""
    other = bench.other(database)
    with other.env() as env:
        env.cr.execute("SELECT count(*) FROM ir_module_module WHERE name = 'merchandising' AND state = 'installed'")
        if env.cr.fetchone()[0]:
            raise SystemExit("%s has merchandising installed: it cannot be a baseline" % database)
    return other


def run(bench, args):
    if not args.base_database:
        raise SystemExit("the orders scenario needs --base-database (tools/dev.sh bench gives <database>_base)")
    databases = [('base', baseline(bench, args.base_database))]
    if args.deps_database:
        databases.append(('deps', baseline(bench, args.deps_database)))
    databases.append(('addon', bench))
    seeds = {}
    for label, target in databases:
        with target.env(commit=True) as env:
            seeds[label] = ensure_seed(env)
    rounds = max(1, -(-args.orders // args.batch))
    log('Orders of %d lines: %d round(s) of %d orders per database, interleaved, after a warm-up round'
        % (LINES, rounds, args.batch))
    batches = {label: [] for label, dummy in databases}
    for index in range(args.warmup + rounds):
        for label, target in databases:
            seconds, queries = timed(target, make_action(seeds[label], args.batch))
            kind = 'warm-up' if index < args.warmup else 'round %d/%d' % (index - args.warmup + 1, rounds)
            log('  %s %s: %d orders in %.2f s (%.1f ms, %.1f queries per order)' % (
                kind, label, args.batch, seconds, 1000 * seconds / args.batch, queries / args.batch))
            if index >= args.warmup:
                batches[label].append({'seconds': seconds, 'queries': queries})

    if args.profile:
        for label, target in databases:
            target.profile(make_action(seeds[label], args.batch), 'orders-%s' % label)

    def per_order(label, key):
        return [batch[key] / args.batch for batch in batches[label]]

    def ratios(label, over, key):
        """Round by round: the batch of one database over the batch of the other just before it."""
        return [a[key] / b[key] for a, b in zip(batches[label], batches[over])]
    time_ratios = ratios('addon', 'base', 'seconds')
    query_ratios = ratios('addon', 'base', 'queries')
    extra_queries = [(a['queries'] - b['queries']) / args.batch for a, b in zip(batches['addon'], batches['base'])]
    figures = {}
    for label in batches:
        times, queries = per_order(label, 'seconds'), per_order(label, 'queries')
        figures[label] = {'ms_per_order': 1000 * statistics.median(times), 'ms_min': 1000 * min(times),
                          'ms_max': 1000 * max(times), 'queries_per_order': statistics.median(queries),
                          'queries_min': min(queries), 'queries_max': max(queries)}
    ratio = statistics.median(time_ratios)
    rows = []
    names = {'base': 'sale_management,sale_stock (%s)' % args.base_database,
             'deps': "+ the addon's dependencies (%s)" % args.deps_database,
             'addon': '+ merchandising (%s)' % bench.database}
    for label in batches:
        f = figures[label]
        rows.append([names[label], rounds * args.batch, '%.1f' % f['ms_per_order'],
                     '%.1f–%.1f' % (f['ms_min'], f['ms_max']),
                     '%.1f' % f['queries_per_order'] if f['queries_min'] == f['queries_max']
                     else '%.1f (%.1f–%.1f)' % (f['queries_per_order'], f['queries_min'], f['queries_max']),
                     '' if label == 'base' else '%.3f' % statistics.median(ratios(label, 'base', 'seconds')),
                     '' if label == 'base' else '%.2f' % statistics.median(ratios(label, 'base', 'queries'))])
    notes = [
        '\nTime with the addon / without it: median %.3f over %d rounds (min %.3f, max %.3f); target <= 1.15: %s'
        % (ratio, rounds, min(time_ratios), max(time_ratios), 'holds' if ratio <= 1.15 else 'MISSED'),
        'Extra SQL queries per order with the addon: %s (the same in every batch: %s)' % (
            ', '.join('%.1f' % x for x in sorted(set(extra_queries))),
            'yes' if len(set(extra_queries)) == 1 else 'no'),
    ]
    split = {}
    if 'deps' in batches:
        split = {'deps_over_base': statistics.median(ratios('deps', 'base', 'seconds')),
                 'addon_over_deps': statistics.median(ratios('addon', 'deps', 'seconds')),
                 'extra_queries_over_deps': sorted({(a['queries'] - b['queries']) / args.batch
                                                    for a, b in zip(batches['addon'], batches['deps'])})}
        notes.append("Of that: the addon's dependencies alone / sale_management,sale_stock: median %.3f; "
                     "the addon / its dependencies alone: median %.3f, %s more queries per order"
                     % (split['deps_over_base'], split['addon_over_deps'],
                        ', '.join('%.1f' % x for x in split['extra_queries_over_deps'])))
    targets = [
        ['time with / without the addon (median of the rounds)', '%.3f' % ratio, '<= 1.15',
         'yes' if ratio <= 1.15 else 'no (+%.0f %%)' % (100 * (ratio - 1.15))],
        ['extra SQL queries per order', ', '.join('%.1f' % x for x in sorted(set(extra_queries))), 'constant',
         'yes' if len(set(extra_queries)) == 1 else 'no'],
    ]
    if split:
        targets.append(["time with the addon / with its dependencies only (the addon's own code)",
                        '%.3f' % split['addon_over_deps'], '(<= 1.15)',
                        'yes' if split['addon_over_deps'] <= 1.15 else 'no'])
    return {
        'targets': targets,
        'columns': ['database', 'orders', 'ms per order (median)', 'min–max ms', 'SQL queries per order',
                    'time ratio', 'query ratio'],
        'rows': rows,
        'notes': notes,
        'data': {'lines_per_order': LINES, 'split': split, 'batch': args.batch, 'rounds': rounds, 'figures': figures,
                 'time_ratios': time_ratios, 'time_ratio': ratio, 'query_ratios': query_ratios,
                 'extra_queries_per_order': extra_queries, 'batches': batches,
                 'target': {'time_ratio_max': 1.15, 'holds': ratio <= 1.15}},
    }
