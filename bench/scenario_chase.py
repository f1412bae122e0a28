"""The nightly chase job at 10,000 and 100,000 open milestones, run to the
end as ir.cron runs it: merchandising.milestone._cron_chase_list works in
batches and reports its progress (ir.cron._notify_progress); ir.cron calls it
again while work remains. One measured run is every batch until none
remains, each followed by what its commit does but the COMMIT (the pending
writes, the tracking messages, an empty cache), all on one cursor rolled back
at the end.

The same work at every size (dataset.milestones): --overdue (1,000) due
yesterday, --late (500) already late, --due-soon-new (100) entering the
due-soon window; only the open milestones around them grow. Targets: the
same number of queries at every size, under 10 s at the largest.
"""
import sys

import dataset

NAME = 'chase'
HELP = "the chase job (_cron_chase_list), run to the end, at 10,000 and 100,000 open milestones"


def add_arguments(parser):
    parser.add_argument('--sizes', default='10000,100000', help="open milestones, comma-separated (default: 10000,100000)")
    parser.add_argument('--overdue', type=int, default=1000, help="due yesterday, at every size (default: 1000)")
    parser.add_argument('--late', type=int, default=500, help="already late, with their to-do (default: 500)")
    parser.add_argument('--due-soon-new', type=int, default=100,
                        help="entering the due-soon window today (default: 100)")
    parser.add_argument('--regenerate', action='store_true', help="generate the data again")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def chase(env):
    """The cron's own loop (ir.cron._run_job): a progress record, the job,
    what its commit does (the pending writes, the precommit hooks, an empty
    cache), again while it reports work done and remaining."""
    cron = env.ref('merchandising.ir_cron_chase_list')
    batches = 0
    while True:
        cron_progress, progress = cron._add_progress()
        cron_progress._callback(cron.cron_name, cron.ir_actions_server_id.id)
        env.cr.flush()
        env.cr.clear()
        batches += 1
        if not progress.remaining or not progress.done:
            return batches
        if batches > 1000:
            raise RuntimeError("the chase job does not finish: %s" % progress.read(['done', 'remaining']))


def counters(env):
    env.cr.execute("""SELECT (SELECT count(*) FROM mail_activity), (SELECT count(*) FROM mail_mail),
                             (SELECT count(*) FROM mail_message),
                             (SELECT count(*) FROM ir_cron_progress)""")
    activities, mails, messages, batches = env.cr.fetchone()
    return {'activities': activities, 'mails': mails, 'messages': messages, 'batches': batches}


def run(bench, args):
    sizes = [int(size.replace('_', '')) for size in args.sizes.split(',') if size.strip()]
    with bench.env(commit=True) as env:
        seed = dataset.seed(env)
    rows, data = [], {'sizes': []}
    for size in sizes:
        with bench.env(commit=True) as env:
            generated = dataset.milestones(env, seed, size, args.overdue, args.late, args.due_soon_new,
                                           args.regenerate)
        log('Measuring the chase job at %s open milestones (%d warm-up, %d runs)'
            % ('{:,}'.format(size), args.warmup, args.runs))
        figures = bench.measure(chase, runs=args.runs, warmup=args.warmup, counters=counters)
        entry = {'size': size, 'dataset': generated, 'figures': figures}
        if args.profile:
            entry['profile'] = bench.profile(chase, 'chase-%d' % size)
        data['sizes'].append(entry)
        created = figures['created']
        rows.append(['{:,}'.format(size), '{:,}'.format(generated['overdue']), '{:,}'.format(generated['entering']),
                     created['batches'], figures['runs'], '%.2f' % figures['median_s'], '%.2f' % figures['min_s'],
                     '%.2f' % figures['max_s'], bench.queries_cell(figures), created['activities'], created['mails'],
                     created['messages']])
    small, large = data['sizes'][0], data['sizes'][-1]
    ratio = large['figures']['queries'] / small['figures']['queries']
    data['query_ratio'] = ratio
    notes = ['\nQueries at %s / at %s open milestones: %.2f (target 1.00); time at %s: %.2f s (target < 10 s)' % (
        '{:,}'.format(large['size']), '{:,}'.format(small['size']), ratio, '{:,}'.format(large['size']),
        large['figures']['median_s'])]
    if args.profile and len(sizes) > 1:
        notes += profile_growth(small, large)
    targets = []
    if len(sizes) > 1:
        targets.append(['queries, %s / %s open milestones' % ('{:,}'.format(large['size']), '{:,}'.format(small['size'])),
                        '%d / %d' % (large['figures']['queries'], small['figures']['queries']), 'the same',
                        'yes' if ratio == 1 else 'no'])
    targets.append(['time at %s open milestones' % '{:,}'.format(large['size']), '%.2f s' % large['figures']['median_s'],
                    '< 10 s', 'yes' if large['figures']['median_s'] < 10 else 'no'])
    return {'columns': ['open milestones', 'overdue', 'entering the window', 'batches', 'runs', 'median s', 'min s',
                        'max s', 'queries', 'to-dos made', 'mails', 'messages'],
            'rows': rows, 'notes': notes, 'targets': targets, 'data': data}


def profile_growth(small, large):
    """The query texts and senders whose counts differ between two sizes."""
    notes = []
    for key, label in (('by_text', 'query'), ('by_site', 'site')):
        before = {row[label]: row['count'] for row in small['profile'][key]}
        after = {row[label]: row['count'] for row in large['profile'][key]}
        grown = sorted(((after.get(k, 0) - before.get(k, 0), k) for k in set(before) | set(after)
                        if after.get(k, 0) != before.get(k, 0)), reverse=True)
        if grown:
            notes.append('\nCounts that differ between %d and %d open milestones (%s):' % (
                small['size'], large['size'], label))
            notes += ['  %+6d  %s' % item for item in grown[:15]]
    return notes
