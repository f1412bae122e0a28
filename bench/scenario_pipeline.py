"""What the 18.0 web client asks when a merchandiser opens the Follow-up
Pipeline (kanban) and the Orders list, at 1,000 and 20,000 orders
(dataset.orders: 20 % shipped, the rest evenly over the 8 open stages, so
that every open column is full, more than the client's 80 cards, at both
sizes: the manager's board shows the same cards).

The calls are the browser's (webclient.py): the kanban's web_read_group by
stage with read_progress_bar, then web_search_read of the first 80 cards (the
action's limit) of each open column with the kanban's field specification; the list's
web_search_read of 80 rows with the list's specification (and its count when
the page is full). Each as a merchandiser with the action's default filter (My
Follow-up: she keeps her same --my-orders at every size) and as a
merchandising manager with no filter (every order), through with_user: the
record rules apply. Targets: the queries do not grow, the time at 20,000 at
most 1.5 x the time at 1,000.
"""
import re
import sys

import dataset
import webclient

NAME = 'pipeline'
HELP = "the Follow-up kanban and the order list at 1,000 and 20,000 orders, as the 18.0 web client loads them"
TARGET = 1.5


def add_arguments(parser):
    parser.add_argument('--sizes', default='1000,20000', help="orders, comma-separated (default: 1000,20000)")
    parser.add_argument('--shipped', type=float, default=0.2,
                        help="share of shipped orders (default: 0.2: the open columns have 100 cards each at 1,000 "
                             "orders, more than the 80 the client reads, as at 20,000)")
    parser.add_argument('--my-orders', type=int, default=50,
                        help="orders of the merchandiser measured, the same at every size (default: 50)")
    parser.add_argument('--regenerate', action='store_true', help="generate the data again")
    # Loads of a few milliseconds: more warm-up runs (the first ones of a process pay Odoo's
    # and PostgreSQL's caches) and more runs.
    parser.set_defaults(warmup=3, runs=5)


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def actions(bench, seed):
    """(label, action) for each view and user."""
    result = []
    for who, uid, my in (('merchandiser, my orders', seed['user_ids'][0], True),
                         ('manager, all orders', seed['manager_id'], False)):
        with bench.env() as env:
            user = env['res.users'].browse(uid)
            context = webclient.user_context(user, search_default_my_merch_orders=1)
            orders = env['sale.order'].with_user(user).with_context(context)
            kanban = webclient.Views(orders).specification(
                env.ref('merchandising.view_order_kanban_merchandising').id, 'kanban',
                webclient.eval_context_of(context))
            order_list = webclient.Views(orders).specification(
                env.ref('merchandising.view_order_list_merchandising').id, 'list', webclient.eval_context_of(context))
            kanban_limit = env.ref('merchandising.action_merchandising_pipeline').limit
            list_limit = env.ref('merchandising.action_merchandising_orders').limit
        domain = [('merchandiser_id', '=', uid)] if my else []

        def load_kanban(env, uid=uid, context=context, domain=domain, spec=kanban[0], parsed=kanban[1],
                        limit=kanban_limit):
            webclient.load_kanban(env['sale.order'].with_user(uid), domain, spec, parsed, context, limit)

        def load_list(env, uid=uid, context=context, domain=domain, spec=order_list[0], limit=list_limit):
            webclient.load_list(env['sale.order'].with_user(uid), domain, spec, context, limit)
        result += [('kanban (%s)' % who, load_kanban), ('list (%s)' % who, load_list)]
    return result


def run(bench, args):
    sizes = [int(size.replace('_', '')) for size in args.sizes.split(',') if size.strip()]
    with bench.env(commit=True) as env:
        seed = dataset.seed(env)
    data = {'sizes': []}
    for size in sizes:
        with bench.env(commit=True) as env:
            generated = dataset.orders(env, seed, size, args.shipped, args.my_orders, args.regenerate)
        entry = {'size': size, 'dataset': generated, 'measures': {}}
        for label, action in actions(bench, seed):
            log('Measuring %s at %s orders (%d warm-up, %d runs)' % (label, '{:,}'.format(size), args.warmup, args.runs))
            entry['measures'][label] = bench.measure(action, runs=args.runs, warmup=args.warmup)
            if args.profile:
                entry.setdefault('profile', {})[label] = bench.profile(
                    action, 'pipeline-%s-%d' % (re.sub(r'\W+', '-', label).strip('-'), size))
        data['sizes'].append(entry)
    rows, targets = [], []
    for label in data['sizes'][0]['measures']:
        per_size = [entry['measures'][label] for entry in data['sizes']]
        small, large = per_size[0], per_size[-1]
        ratio = large['median_s'] / small['median_s']
        queries = [f['queries'] for f in per_size]
        rows.append([label] + ['%.1f' % (1000 * f['median_s']) for f in per_size]
                    + [bench.queries_cell(f) for f in per_size] + ['%.2f' % ratio])
        targets.append(['%s: queries' % label, ' -> '.join(map(str, queries)), 'not growing',
                        'yes' if large['queries'] <= small['queries'] else 'no'])
        targets.append(['%s: time %s / %s orders' % (label, '{:,}'.format(sizes[-1]), '{:,}'.format(sizes[0])),
                        '%.2f' % ratio, '<= %.1f' % TARGET, 'yes' if ratio <= TARGET else 'no'])
    columns = (['measure'] + ['ms at %s' % '{:,}'.format(size) for size in sizes]
               + ['queries at %s' % '{:,}'.format(size) for size in sizes]
               + ['time %s / %s' % ('{:,}'.format(sizes[-1]), '{:,}'.format(sizes[0]))])
    return {'columns': columns, 'rows': rows, 'targets': targets, 'data': data,
            'notes': ['\nThe merchandiser follows %d orders at every size; the manager sees the first 80 cards of '
                      'each open column and the first 80 rows of every order.' % args.my_orders]}
