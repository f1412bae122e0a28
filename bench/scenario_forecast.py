"""The T&A forecast recomputed for every open plan at once, as the morning's
chase job recomputes the orders with late milestones: 2,000 and 20,000
confirmed orders of 10 milestones each (of 2,667 and 26,667 orders, the
pipeline's data: dataset.orders), linked as the standard template's network,
through
merchandising.milestone._refresh_forecasts: every milestone's forecast,
delay, slack and critical flag, every order's forecast ship date, delay and
health, written, and what the commit does (the early warnings of the orders
made worse). Targets: the reads do not grow with the orders' number (one
query each, whatever the number of records; the ORM writes the results
1,000 rows an UPDATE), under 60 s at 20,000 orders.
"""
import sys

import dataset

NAME = 'forecast'
HELP = "the T&A forecast of every plan recomputed at once, at 2,000 and 20,000 confirmed orders x 10 milestones"


def add_arguments(parser):
    parser.add_argument('--sizes', default='2667,26667',
                        help="orders, comma-separated (default: 2667,26667: 2,000 and 20,000 confirmed, with their plans)")
    parser.add_argument('--regenerate', action='store_true', help="generate the data again")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def recompute(env):
    orders = env['sale.order'].search([('name', 'like', dataset.PREFIX + '%'), ('merch_milestone_ids', '!=', False)])
    env['merchandising.milestone']._refresh_forecasts(orders)
    env.cr.flush()


def counters(env):
    env.cr.execute("""SELECT (SELECT count(*) FROM mail_activity), (SELECT count(*) FROM mail_message)""")
    activities, messages = env.cr.fetchone()
    return {'activities': activities, 'messages': messages}


def run(bench, args):
    sizes = [int(size.replace('_', '')) for size in args.sizes.split(',') if size.strip()]
    with bench.env(commit=True) as env:
        seed = dataset.seed(env)
    rows, data = [], {'sizes': []}
    for size in sizes:
        with bench.env(commit=True) as env:
            generated = dataset.orders(env, seed, size, 0.5, 0, args.regenerate)
            env.cr.execute("""SELECT count(DISTINCT order_id), count(*) FROM merchandising_milestone
                              WHERE order_id IN (SELECT id FROM sale_order WHERE name LIKE %s)""",
                           (dataset.PREFIX + '%',))
            plans, milestones = env.cr.fetchone()
            env.cr.execute("""SELECT count(*) FROM merchandising_milestone_dependency
                              WHERE order_id IN (SELECT id FROM sale_order WHERE name LIKE %s)""",
                           (dataset.PREFIX + '%',))
            links = env.cr.fetchone()[0]
        log('Measuring the forecast of %s plans (%s milestones, %s links; %d warm-up, %d runs)'
            % ('{:,}'.format(plans), '{:,}'.format(milestones), '{:,}'.format(links), args.warmup, args.runs))
        figures = bench.measure(recompute, runs=args.runs, warmup=args.warmup, counters=counters)
        entry = {'size': size, 'plans': plans, 'milestones': milestones, 'links': links, 'dataset': generated,
                 'figures': figures}
        if args.profile:
            entry['profile'] = bench.profile(recompute, 'forecast-%d' % size)
        data['sizes'].append(entry)
        created = figures['created']
        rows.append(['{:,}'.format(size), '{:,}'.format(plans), '{:,}'.format(milestones), '{:,}'.format(links),
                     figures['runs'], '%.2f' % figures['median_s'], '%.2f' % figures['min_s'], '%.2f' % figures['max_s'],
                     bench.queries_cell(figures), created['activities'], created['messages']])
    small, large = data['sizes'][0], data['sizes'][-1]
    ratio = large['figures']['queries'] / small['figures']['queries']
    data['query_ratio'] = ratio
    notes = ['\nQueries at %s / at %s orders: %.2f (target 1.00); time at %s: %.2f s (target < 60 s)' % (
        '{:,}'.format(large['size']), '{:,}'.format(small['size']), ratio, '{:,}'.format(large['size']),
        large['figures']['median_s'])]
    targets = []
    if len(sizes) > 1:
        targets.append(['forecast queries, %s / %s orders' % ('{:,}'.format(large['size']), '{:,}'.format(small['size'])),
                        '%d / %d' % (large['figures']['queries'], small['figures']['queries']), 'the same',
                        'yes' if ratio == 1 else 'no'])
    targets.append(['forecast of %s orders x 10 milestones' % '{:,}'.format(large['size']),
                    '%.2f s' % large['figures']['median_s'], '< 60 s',
                    'yes' if large['figures']['median_s'] < 60 else 'no'])
    return {'columns': ['orders', 'plans', 'milestones', 'links', 'runs', 'median s', 'min s', 'max s', 'queries',
                        'to-dos made', 'messages'],
            'rows': rows, 'notes': notes, 'targets': targets, 'data': data}
