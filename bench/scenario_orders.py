"""The sales flow with and without the addon: sale orders of 5 lines created
and confirmed through the ORM, as the administrator (a sales manager), on
three databases without demo data:

    base    <database>_base: sale_management and sale_stock only
    deps    <database>_deps: the addon's manifest dependencies, without it
    addon   <database>: the addon

Each gets the same seed through the ORM (a customer, five storable
products). Round after round, a batch of --batch orders on each database in
turn (each round starting with the next one), each on a fresh cursor, with
what its commit would do (the tracking messages), rolled back; the first
round is a warm-up. The ratios are taken round by round (the batches of one
round ran one after the other) and their median is reported. Target: with the addon at most 1.15 x without it; the
dependencies' share apart.
"""
import statistics
import sys
import time

from odoo import Command

NAME = 'orders'
HELP = "create + confirm sale orders of 5 lines, with the addon against sale_management + sale_stock only"

CUSTOMER_REF, PRODUCT_CODE, LINES = 'BENCH-OC', 'BENCH-OP%d', 5
TARGET = 1.15


def add_arguments(parser):
    parser.add_argument('--orders', type=int, default=400,
                        help="orders created and confirmed per database, over the measured rounds (default: 400)")
    parser.add_argument('--batch', type=int, default=5, help="orders per batch, one batch per database and "
                                                              "round (default: 5)")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def ensure_seed(env):
    """A customer and five storable products, the same on every database."""
    Partner = env['res.partner'].with_context(tracking_disable=True)
    customer = Partner.search([('ref', '=', CUSTOMER_REF)], limit=1) or Partner.create({
        'name': 'Bench Order Customer', 'ref': CUSTOMER_REF, 'is_company': True, 'customer_rank': 1,
        'email': 'orders@bench.example.com'})
    products = []
    for number in range(1, LINES + 1):
        code = PRODUCT_CODE % number
        product = env['product.product'].search([('default_code', '=', code)], limit=1) or \
            env['product.product'].with_context(tracking_disable=True).create({
                'name': 'Bench Product %d' % number, 'default_code': code, 'type': 'consu', 'is_storable': True,
                'sale_ok': True, 'list_price': 10.0 * number})
        products.append(product.id)
    return {'customer_id': customer.id, 'product_ids': products, 'user_id': env.ref('base.user_admin').id}


def make_action(seed, count):
    def create_and_confirm(env):
        orders = env['sale.order'].with_user(seed['user_id'])
        for number in range(count):
            order = orders.create({
                'partner_id': seed['customer_id'],
                'order_line': [Command.create({'product_id': product_id, 'product_uom_qty': 10 + number % 7,
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
        bench.call(action, env)
        return time.perf_counter() - start, env.cr.sql_log_count


def baseline(bench, database):
    other = bench.other(database)
    with other.env() as env:
        env.cr.execute("SELECT 1 FROM ir_module_module WHERE name = 'merchandising' AND state = 'installed'")
        if env.cr.fetchone():
            raise SystemExit("%s has merchandising installed: it cannot be a baseline" % database)
    return other


def run(bench, args):
    if not args.base_database or not args.deps_database:
        raise SystemExit("the orders scenario needs --base-database and --deps-database (tools/dev.sh bench gives them)")
    databases = [('base', baseline(bench, args.base_database)), ('deps', baseline(bench, args.deps_database)),
                 ('addon', bench)]
    seeds = {}
    for label, target in databases:
        with target.env(commit=True) as env:
            seeds[label] = ensure_seed(env)
    rounds = max(1, -(-args.orders // args.batch))
    log('Orders of %d lines: %d rounds of %d orders per database, after %d warm-up round(s)'
        % (LINES, rounds, args.batch, args.warmup))
    batches = {label: [] for label, dummy in databases}
    for index in range(args.warmup + rounds):
        # Each round starts with another database: no one always runs first.
        for label, target in databases[index % 3:] + databases[:index % 3]:
            seconds, queries = timed(target, make_action(seeds[label], args.batch))
            kind = 'warm-up' if index < args.warmup else 'round %d/%d' % (index - args.warmup + 1, rounds)
            log('  %s %s: %.1f ms, %.1f queries per order' % (
                kind, label, 1000 * seconds / args.batch, queries / args.batch))
            if index >= args.warmup:
                batches[label].append({'seconds': seconds, 'queries': queries})
    profiles = {}
    if args.profile:
        for label, target in databases:
            profiles[label] = target.profile(make_action(seeds[label], args.batch), 'orders-%s' % label)

    def ratio(label, over, key='seconds'):
        return statistics.median(a[key] / b[key] for a, b in zip(batches[label], batches[over]))

    def extra_queries(label, over):
        return sorted({(a['queries'] - b['queries']) / args.batch for a, b in zip(batches[label], batches[over])})

    names = {'base': 'sale_management, sale_stock (%s)' % args.base_database,
             'deps': "the addon's dependencies (%s)" % args.deps_database,
             'addon': '+ merchandising (%s)' % bench.database}
    figures, rows = {}, []
    for label in batches:
        times = [1000 * b['seconds'] / args.batch for b in batches[label]]
        queries = [b['queries'] / args.batch for b in batches[label]]
        figures[label] = {'ms_per_order': statistics.median(times), 'ms_min': min(times), 'ms_max': max(times),
                          'queries_per_order': statistics.median(queries)}
        rows.append([names[label], rounds * args.batch, '%.1f' % figures[label]['ms_per_order'],
                     '%.1f-%.1f' % (min(times), max(times)), '%.1f' % figures[label]['queries_per_order'],
                     '' if label == 'base' else '%.3f' % ratio(label, 'base'),
                     '' if label == 'base' else '%.2f' % ratio(label, 'base', 'queries')])
    total, deps, own = ratio('addon', 'base'), ratio('deps', 'base'), ratio('addon', 'deps')
    extra, own_extra = extra_queries('addon', 'base'), extra_queries('addon', 'deps')
    notes = ['\nWith the addon / without it: %.3f (median of %d rounds; target <= %.2f): %s' % (
                 total, rounds, TARGET, 'holds' if total <= TARGET else 'MISSED'),
             "Of that, the dependencies alone / sale_management, sale_stock: %.3f; the addon / its dependencies: "
             "%.3f, %s more queries per order" % (deps, own, ', '.join('%.1f' % x for x in own_extra))]
    targets = [['time with / without the addon', '%.3f' % total, '<= %.2f' % TARGET,
                'yes' if total <= TARGET else 'no'],
               ["  of which the dependencies alone / without", '%.3f' % deps, '(shown apart)', ''],
               ["  of which the addon / its dependencies", '%.3f' % own, '', ''],
               ['  extra queries per order (addon / base)', ', '.join('%.1f' % x for x in extra), '', '']]
    return {'columns': ['database', 'orders', 'ms per order (median)', 'min-max ms', 'queries per order',
                        'time / base', 'queries / base'],
            'rows': rows, 'notes': notes, 'targets': targets,
            'data': {'lines_per_order': LINES, 'batch': args.batch, 'rounds': rounds, 'figures': figures,
                     'ratio': total, 'deps_over_base': deps, 'addon_over_deps': own, 'extra_queries': extra,
                     'addon_extra_queries_over_deps': own_extra, 'batches': batches, 'profiles': profiles}}
