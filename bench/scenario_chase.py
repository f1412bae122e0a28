"""The daily chase job, env['merchandising.milestone']._cron_chase_list(), at
scale: its time and SQL query count for a number of open milestones, with the
same work to do each time (a fixed number newly overdue, already late, and
entering the due-soon window today).

The dataset is generated per size, mostly in SQL, from a handful of records
made through the ORM (merchandisers, factories, a customer, a product, one
confirmed seed order whose T&A plan the addon made): the seed order is cloned
into orders named BENCH/0000001..., each with one milestone per milestone of
the seed's plan. Dates are relative to today, the day the job runs for:

    late       --late (500) milestones already late since 2-30 days, each with
               its open to-do (yesterday's job gave it)
    overdue    --overdue (1,000) pending milestones due yesterday: the job
               marks them late and gives each a to-do
    open       every other open milestone, pending, due from today to
               today + 365 days, spread evenly, but for --due-soon-new (100)
               due on today + the company's due-soon window (7 days when the
               addon has no setting): those enter the window today; the ones
               due before already have their to-do, like after yesterday's run
    done       a few done milestones before the overdue ones (the layout
               needs them), and --history x open done milestones in past
               orders (none by default)

The orders with late or overdue milestones are as many at every size
(max(--late, --overdue), one late and one overdue milestone each), spread
evenly over the orders so that their ship dates spread over the year at every
size: the job's work is the same and only the open milestones grow.
The dataset stays in the database (a marker in ir.config_parameter) and is
reused when the same size is asked again on the same day.
"""
import json
import math
import sys
import time
from datetime import timedelta

from odoo import fields

NAME = 'chase'
HELP = "the daily chase job (_cron_chase_list) at scale"

# Bump when the generated data changes, so that old datasets are regenerated.
GENERATOR_VERSION = 4
MARKER = 'bench.chase.dataset'
PREFIX = 'BENCH/'
SEED_REF = 'BENCH-SEED'
USERS, FACTORIES = 20, 50


def add_arguments(parser):
    parser.add_argument('--sizes', default='10000,100000',
                        help="open milestones, comma-separated (default: 10000,100000)")
    parser.add_argument('--overdue', type=int, default=1000,
                        help="pending milestones due yesterday, the same at every size (default: 1000)")
    parser.add_argument('--late', type=int, default=500,
                        help="milestones already late, with their to-do (default: 500)")
    parser.add_argument('--due-soon-new', type=int, default=100,
                        help="milestones entering the due-soon window today (default: 100)")
    parser.add_argument('--history', type=float, default=0.0,
                        help="done milestones in past orders, per open milestone (default: 0)")
    parser.add_argument('--regenerate', action='store_true',
                        help="generate the data again even when the database has it")


def run(bench, args):
    sizes = [int(size.replace('_', '')) for size in args.sizes.split(',') if size.strip()]
    with bench.env(commit=True) as env:
        seed = ensure_seed(env)
    rows, data = [], {'sizes': []}
    for size in sizes:
        log('Size %d' % size)
        with bench.env(commit=True) as env:
            dataset = ensure_dataset(env, seed, size, args)
        log('Measuring _cron_chase_list (%d warm-up, %d runs)' % (args.warmup, args.runs))
        figures = bench.measure(chase, runs=args.runs, warmup=args.warmup, counters=counters)
        entry = {'size': size, 'dataset': dataset, 'figures': figures}
        if args.profile:
            entry['profile'] = bench.profile(chase, 'chase-%d' % size)
        data['sizes'].append(entry)
        created = figures['created']
        rows.append([
            '{:,}'.format(dataset['open']), '{:,}'.format(dataset['overdue']),
            '{:,}'.format(dataset['due_soon_new']),
            '{:,}'.format(dataset['due_soon_new'] + dataset['chased_due_soon']), figures['runs'],
            '%.3f' % figures['median_s'], '%.3f' % figures['min_s'], '%.3f' % figures['max_s'],
            figures['queries'] if figures['queries_min'] == figures['queries_max']
            else '%d (%d-%d)' % (figures['queries'], figures['queries_min'], figures['queries_max']),
            created['activities'], created['mails'], created['messages'],
        ])
    notes = []
    if len(data['sizes']) > 1:
        small, large = data['sizes'][0], data['sizes'][-1]
        ratio = large['figures']['queries'] / small['figures']['queries']
        data['query_ratio'] = ratio
        notes.append('\nSQL queries at %s / at %s open milestones: %.2f (target 1.00: the count must '
                     'not grow with the open milestones)' % (
                         '{:,}'.format(large['dataset']['open']), '{:,}'.format(small['dataset']['open']), ratio))
    large = data['sizes'][-1]
    notes.append('Median time at %s open milestones: %.2f s (target < 10 s)' % (
        '{:,}'.format(large['dataset']['open']), large['figures']['median_s']))
    if args.profile and len(data['sizes']) > 1:
        notes += profile_growth(data['sizes'][0], data['sizes'][-1])
    targets = []
    if len(data['sizes']) > 1:
        targets.append(['SQL queries %s / %s open milestones' % (
            '{:,}'.format(data['sizes'][-1]['size']), '{:,}'.format(data['sizes'][0]['size'])),
            '%.2f' % data['query_ratio'], '1.00', 'yes' if data['query_ratio'] == 1 else 'no'])
    targets.append(['time at %s open milestones' % '{:,}'.format(large['size']),
                    '%.2f s' % large['figures']['median_s'], '< 10 s',
                    'yes' if large['figures']['median_s'] < 10 else 'no'])
    return {
        'targets': targets,
        'columns': ['open milestones', 'newly overdue', 'newly due soon', 'in due-soon window', 'runs',
                    'median s', 'min s', 'max s', 'SQL queries', 'activities created', 'mails', 'messages'],
        'rows': rows,
        'notes': notes,
        'data': data,
    }


def chase(env):
    env['merchandising.milestone']._cron_chase_list()


def counters(env):
    env.cr.execute("""SELECT (SELECT count(*) FROM mail_activity), (SELECT count(*) FROM mail_mail),
                             (SELECT count(*) FROM mail_message)""")
    activities, mails, messages = env.cr.fetchone()
    return {'activities': activities, 'mails': mails, 'messages': messages}


def profile_growth(small, large):
    """The query texts and call sites whose counts differ between two sizes."""
    notes = []
    for key, label in (('by_text', 'query'), ('by_site', 'site')):
        before = {row[label]: row['count'] for row in small['profile'][key]}
        after = {row[label]: row['count'] for row in large['profile'][key]}
        grown = sorted(((after.get(k, 0) - before.get(k, 0), k) for k in set(before) | set(after)
                        if after.get(k, 0) != before.get(k, 0)), reverse=True)
        if grown:
            notes.append('\nCounts that differ between %d and %d open milestones (%s, among the top ones):'
                         % (small['size'], large['size'], label))
            notes += ['  %+6d  %s' % item for item in grown[:15]]
    return notes


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


# --- seed records, through the ORM ----------------------------------------------

def ensure_seed(env):
    """Merchandisers, factories, a customer, a product and one confirmed
    order whose plan the addon made: created once, found again afterwards."""
    ctx = dict(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
               no_reset_password=True)
    Users = env['res.users'].with_context(ctx)
    Partner = env['res.partner'].with_context(ctx)
    group_ids = [env.ref('base.group_user').id, env.ref('merchandising.group_merchandiser').id]
    users = Users.browse()
    for number in range(1, USERS + 1):
        login = 'bench_merch_%02d' % number
        user = Users.search([('login', '=', login)])
        if not user:
            user = Users.create({
                'name': 'Bench Merchandiser %02d' % number, 'login': login,
                'email': '%s@bench.example.com' % login,
                'groups_id': [(6, 0, group_ids)],
            })
        users |= user
    factories = Partner.browse()
    for number in range(1, FACTORIES + 1):
        ref = 'BENCH-F%02d' % number
        factory = Partner.search([('ref', '=', ref)])
        if not factory:
            factory = Partner.create({'name': 'Bench Factory %02d' % number, 'ref': ref, 'is_company': True,
                                      'supplier': True, 'customer': False,
                                      'email': 'factory%02d@bench.example.com' % number})
        factories |= factory
    customer = Partner.search([('ref', '=', 'BENCH-C')])
    if not customer:
        customer = Partner.create({'name': 'Bench Customer', 'ref': 'BENCH-C', 'is_company': True,
                                   'customer': True, 'email': 'buyer@bench.example.com'})
    product = env['product.product'].search([('default_code', '=', 'BENCH-G')])
    if not product:
        product = env['product.product'].with_context(ctx).create({
            'name': 'Bench Garment', 'default_code': 'BENCH-G', 'type': 'consu', 'sale_ok': True,
            'list_price': 5.0})
    order = env['sale.order'].search([('client_order_ref', '=', SEED_REF)], limit=1)
    if not order:
        log('Creating the seed records (users, factories, customer, product, seed order)')
        today = fields.Date.from_string(fields.Date.context_today(env['merchandising.milestone']))
        order = env['sale.order'].with_context(ctx).create({
            'partner_id': customer.id,
            'client_order_ref': SEED_REF,
            'user_id': users[0].id,
            'merchandiser_id': users[0].id,
            'ex_factory_date': fields.Date.to_string(today + timedelta(days=200)),
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 1000, 'price_unit': 5.0})],
        })
        order.action_confirm()
        if not order.merch_milestone_ids:
            raise SystemExit("The seed order %s got no T&A plan on confirmation: is the standard "
                             "T&A template installed?" % order.name)
    return {'order_id': order.id, 'user_ids': users.ids, 'factory_ids': factories.ids,
            'company_id': order.company_id.id}


# --- the generated dataset, in SQL ----------------------------------------------

def columns(cr, table):
    cr.execute("""SELECT column_name FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = %s
                  ORDER BY ordinal_position""", (table,))
    return [row[0] for row in cr.fetchall()]


def clone_seed_orders(cr, overrides, params, count_key):
    """Insert params[count_key] copies of the seed order params['seed'] (g.k
    counts them from 0 in the SQL expressions), the columns named in
    ``overrides`` computed by them instead of copied."""
    order_columns = [c for c in columns(cr, 'sale_order') if c != 'id']
    cr.execute("""
        INSERT INTO sale_order (%s)
        SELECT %s FROM sale_order seed, generate_series(0, %%(%s)s - 1) AS g(k)
        WHERE seed.id = %%(seed)s""" % (
        ', '.join('"%s"' % c for c in order_columns),
        ', '.join(overrides.get(c, 'seed."%s"' % c) for c in order_columns), count_key), params)


def due_soon_days(cr, company_id):
    """The company's due-soon window, when the addon has that setting (else 7)."""
    if 'merch_due_soon_days' not in columns(cr, 'res_company'):
        return 7
    cr.execute("SELECT merch_due_soon_days FROM res_company WHERE id = %s", (company_id,))
    value = cr.fetchone()[0]
    return 7 if value is None else value


def ensure_dataset(env, seed, size, args):
    cr = env.cr
    today = fields.Date.context_today(env['merchandising.milestone'])
    window = due_soon_days(cr, seed['company_id'])
    wanted = {
        'version': GENERATOR_VERSION, 'open': size, 'overdue': args.overdue, 'late': args.late,
        'due_soon_new': args.due_soon_new, 'history': args.history, 'today': today,
        'due_soon_days': window, 'seed_order_id': seed['order_id'],
    }
    return reuse_or_generate(
        env, MARKER, wanted, args.regenerate, '%s open milestones' % '{:,}'.format(size),
        lambda cr: generate(cr, seed, size, args, today, window),
        ('orders', 'milestones', 'overdue', 'late', 'due_soon_new', 'chased_due_soon', 'done'))


def reuse_or_generate(env, marker, wanted, regenerate, what, generate, counted):
    """The data set ``wanted`` describes, as recorded in the parameter
    ``marker``: reused when the database holds it, else generated by
    ``generate(cr)`` (which returns its counts), committed and analysed.
    Generating first removes every scenario's data (chase's and pipeline's:
    one data set at a time on their shared seed)."""
    cr = env.cr
    Param = env['ir.config_parameter'].sudo()
    current = Param.get_param(marker)
    if current and not regenerate:
        dataset = json.loads(current)
        if {key: dataset.get(key) for key in wanted} == wanted:
            log('Reusing the generated data (%s)' % what)
            return dataset
    start = time.perf_counter()
    import scenario_pipeline
    for scenario in (sys.modules[__name__], scenario_pipeline):
        scenario.wipe(cr)
        Param.set_param(scenario.MARKER, '')
    dataset = dict(wanted, **generate(cr))
    dataset['generation_s'] = round(time.perf_counter() - start, 1)
    Param.set_param(marker, json.dumps(dataset))
    cr.commit()
    start_analyze = time.perf_counter()
    cr.execute('ANALYZE')
    log('Generated %s in %.1f s (ANALYZE %.1f s): %s' % (
        what, dataset['generation_s'], time.perf_counter() - start_analyze,
        ', '.join('%s %s' % (key, '{:,}'.format(dataset[key])) for key in counted)))
    return dataset


def wipe(cr):
    """Remove the generated orders, their milestones and what hangs on them."""
    cr.execute("""
        CREATE TEMP TABLE bench_old ON COMMIT DROP AS
        SELECT m.id FROM merchandising_milestone m JOIN sale_order o ON o.id = m.order_id
        WHERE o.name LIKE %s""", (PREFIX + '%',))
    for table, model_column in (('mail_activity', 'res_model'), ('mail_followers', 'res_model'),
                                ('mail_message', 'model')):
        cr.execute("DELETE FROM %s WHERE %s = 'merchandising.milestone' AND res_id IN (SELECT id FROM bench_old)"
                   % (table, model_column))
    cr.execute("DELETE FROM merchandising_milestone WHERE id IN (SELECT id FROM bench_old)")
    cr.execute("DELETE FROM sale_order WHERE name LIKE %s", (PREFIX + '%',))
    cr.execute("DROP TABLE bench_old")


def generate(cr, seed, size, args, today, window):
    d = lambda days: fields_date(today, days)  # noqa: E731
    cr.execute("SELECT count(*) FROM merchandising_milestone WHERE order_id = %s", (seed['order_id'],))
    per = cr.fetchone()[0]
    late, overdue, entering = args.late, args.overdue, args.due_soon_new
    # The late and overdue milestones go to m orders, as many at every size,
    # one every `stride` orders (their ship dates spread over the year): the
    # late in their first slots (late_slots rows of m), the overdue in the
    # next ones; the rest of those first rows is done.
    m = max(1, min(math.ceil(size / per), max(late, overdue)))
    late_slots, overdue_slots = math.ceil(late / m), math.ceil(overdue / m)
    if late_slots + overdue_slots > per:
        raise SystemExit("%d open milestones are too few for %d late and %d overdue ones: at least %d"
                         % (size, late, overdue, per * (late + overdue)))
    done_fillers = late_slots * m - late
    if size - late - overdue - entering <= 0:
        raise SystemExit("%d open milestones are too few for %d late, %d overdue and %d entering the "
                         "due-soon window" % (size, late, overdue, entering))
    open_cells = size + done_fillers
    open_orders = math.ceil(open_cells / per)
    stride = max(1, open_orders // m)
    history = int(round(args.history * size))
    history_orders = math.ceil(history / per)
    params = {
        'seed': seed['order_id'], 'prefix': PREFIX, 'per': per, 'm': m, 'late': late, 'overdue': overdue,
        'late_slots': late_slots, 'overdue_slots': overdue_slots, 'open_orders': open_orders, 'stride': stride,
        'open_cells': open_cells, 'history': history, 'entering': entering, 'window': window,
        'orders': open_orders + history_orders, 'users': seed['user_ids'], 'factories': seed['factory_ids'],
        'today': today, 'yesterday': d(-1), 'nusers': len(seed['user_ids']),
        'nfactories': len(seed['factory_ids']),
    }

    # Orders: clones of the seed, spread over the merchandisers.
    overrides = {
        'name': "%(prefix)s || lpad((g.k + 1)::text, 7, '0')",
        'client_order_ref': 'NULL', 'origin': 'NULL', 'access_token': 'NULL', 'note': 'NULL',
        'procurement_group_id': 'NULL', 'message_last_post': 'NULL', 'activity_date_deadline': 'NULL',
        'state': "'sale'",
        'user_id': '(%(users)s::int[])[1 + mod(g.k, %(nusers)s)]',
        'merchandiser_id': '(%(users)s::int[])[1 + mod(g.k, %(nusers)s)]',
        'date_order': "(now() at time zone 'UTC') - mod(g.k, 120) * interval '1 day'",
        'confirmation_date': "(now() at time zone 'UTC') - mod(g.k, 120) * interval '1 day'",
        'merch_stage_date': "(now() at time zone 'UTC') - mod(g.k, 120) * interval '1 day'",
        'ex_factory_date': 'NULL', 'forecast_ship_date': 'NULL', 'delay_days': '0', 'merch_health': "'on_track'",
        'create_uid': '1', 'write_uid': '1',
        'create_date': "now() at time zone 'UTC'", 'write_date': "now() at time zone 'UTC'",
    }
    clone_seed_orders(cr, overrides, params, 'orders')
    cr.execute("""
        CREATE TEMP TABLE bench_order ON COMMIT DROP AS
        SELECT id, substr(name, length(%(prefix)s) + 1)::int - 1 AS k, merchandiser_id
        FROM sale_order WHERE name LIKE %(prefix)s || '%%'""", params)

    # One cell per milestone to create: its order, slot (the seed's milestone
    # it copies), role, rank in the role, and from those its dates and state.
    cr.execute("""
        CREATE TEMP TABLE bench_cell ON COMMIT DROP AS
        WITH special AS (
            -- j: the index of the order among the m with late/overdue milestones
            SELECT o.*, CASE WHEN o.k < %(open_orders)s AND mod(o.k, %(stride)s) = 0
                                  AND o.k / %(stride)s < %(m)s THEN o.k / %(stride)s END AS j
            FROM bench_order o
        ), cell AS (
            SELECT o.k, o.id AS order_id, o.merchandiser_id, s.s,
                CASE
                    WHEN o.k >= %(open_orders)s THEN 'history'
                    WHEN o.j IS NOT NULL AND s.s < %(late_slots)s AND s.s * %(m)s + o.j < %(late)s THEN 'late'
                    WHEN o.j IS NOT NULL AND s.s < %(late_slots)s THEN 'done'
                    WHEN o.j IS NOT NULL AND s.s < %(late_slots)s + %(overdue_slots)s
                         AND (s.s - %(late_slots)s) * %(m)s + o.j < %(overdue)s THEN 'overdue'
                    ELSE 'open'
                END AS role
            FROM special o CROSS JOIN generate_series(0, %(per)s - 1) AS s(s)
            WHERE (o.k < %(open_orders)s AND o.k * %(per)s + s.s < %(open_cells)s)
               OR (o.k >= %(open_orders)s AND (o.k - %(open_orders)s) * %(per)s + s.s < %(history)s)
        ), ranked AS (
            SELECT cell.*, (row_number() OVER (PARTITION BY role ORDER BY k, s) - 1)::int AS r,
                   (count(*) OVER (PARTITION BY role))::int AS n
            FROM cell
        ), spread AS (
            -- open: 'before' are due before today + window (they have their
            -- to-do), then 'entering' due on today + window, then the rest up
            -- to today + 365, evenly over the days.
            SELECT ranked.*,
                   ceil(%(window)s * (n - %(entering)s) / 365.0)::int AS before,
                   greatest(n - %(entering)s, 1) AS regular
            FROM ranked
        )
        SELECT k, order_id, merchandiser_id, s, role,
            CASE role
                WHEN 'late' THEN %(today)s::date - (2 + mod(r, 29))
                WHEN 'done' THEN %(today)s::date - (31 + mod(r, 30))
                WHEN 'overdue' THEN %(yesterday)s::date
                WHEN 'history' THEN %(today)s::date - (31 + r * 730 / n)
                ELSE CASE
                    WHEN r < before THEN %(today)s::date + r * 365 / regular
                    WHEN r < before + %(entering)s THEN %(today)s::date + %(window)s
                    ELSE %(today)s::date + (r - %(entering)s) * 365 / regular + 1
                END
            END AS planned_date,
            CASE role WHEN 'late' THEN 'late' WHEN 'done' THEN 'done' WHEN 'history' THEN 'done'
                      ELSE 'pending' END AS state,
            role = 'late' OR (role = 'open' AND r < before) AS chased
        FROM spread""", params)

    # Milestones: copies of the seed's, with the cell's order, dates and state.
    cr.execute("""
        CREATE TEMP TABLE bench_slot ON COMMIT DROP AS
        SELECT (row_number() OVER (ORDER BY sequence, id) - 1)::int AS bench_s, *
        FROM merchandising_milestone WHERE order_id = %(seed)s""", params)
    milestone_columns = [c for c in columns(cr, 'merchandising_milestone') if c != 'id']
    overrides = {
        'order_id': 'c.order_id',
        'merchandiser_id': 'c.merchandiser_id',
        'user_id': 'CASE WHEN mod(c.s, 3) = 2 THEN NULL ELSE c.merchandiser_id END',
        'partner_id': '(%(factories)s::int[])[1 + mod(c.k * 7 + c.s, %(nfactories)s)]',
        'planned_date': 'c.planned_date',
        'revised_date': 'NULL',
        'due_date': 'c.planned_date',
        'actual_date': "CASE WHEN c.state = 'done' THEN c.planned_date END",
        'state': 'c.state',
        'next_chase_date': 'NULL',
        'activity_date_deadline': 'CASE WHEN c.chased THEN c.planned_date END',
        'message_last_post': 'NULL',
        'create_uid': '1', 'write_uid': '1',
        'create_date': "now() at time zone 'UTC'", 'write_date': "now() at time zone 'UTC'",
    }
    cr.execute("""
        INSERT INTO merchandising_milestone (%s)
        SELECT %s FROM bench_cell c JOIN bench_slot t ON t.bench_s = c.s
        ORDER BY c.k, c.s""" % (
        ', '.join('"%s"' % c for c in milestone_columns),
        ', '.join(overrides.get(c, 't."%s"' % c) for c in milestone_columns)), params)

    # The orders leave the factory with their last milestone.
    cr.execute("""
        UPDATE sale_order o SET ex_factory_date = x.last, forecast_ship_date = x.last
        FROM (SELECT order_id, max(planned_date) AS last FROM merchandising_milestone
              WHERE order_id IN (SELECT id FROM bench_order) GROUP BY order_id) x
        WHERE o.id = x.order_id""")

    # The to-dos yesterday's job gave: late milestones and those due soon.
    cr.execute("""
        INSERT INTO mail_activity (res_id, res_model_id, res_model, res_name, activity_type_id, summary,
                                   date_deadline, user_id, create_uid, create_date, write_uid, write_date)
        SELECT m.id, model.id, 'merchandising.milestone', m.name, todo.res_id,
               'Chase: ' || m.name || ' of ' || o.name, m.activity_date_deadline,
               coalesce(m.user_id, m.merchandiser_id, 1),
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
        FROM merchandising_milestone m
        JOIN bench_order b ON b.id = m.order_id
        JOIN sale_order o ON o.id = m.order_id
        JOIN ir_model model ON model.model = 'merchandising.milestone'
        JOIN ir_model_data todo ON todo.module = 'mail' AND todo.name = 'mail_activity_data_todo'
        WHERE m.activity_date_deadline IS NOT NULL""")

    # The seed order's own plan is not part of the data.
    cr.execute("""DELETE FROM mail_activity WHERE res_model = 'merchandising.milestone'
                  AND res_id IN (SELECT id FROM merchandising_milestone WHERE order_id = %(seed)s)""", params)
    cr.execute("""UPDATE merchandising_milestone SET state = 'skipped', activity_date_deadline = NULL
                  WHERE order_id = %(seed)s AND state IN ('pending', 'late')""", params)

    # What the job will find, counted from the tables.
    cr.execute("""
        SELECT count(*) FILTER (WHERE m.state IN ('pending', 'late')),
               count(*) FILTER (WHERE m.state = 'pending' AND coalesce(m.revised_date, m.planned_date) < %(today)s),
               count(*) FILTER (WHERE m.state = 'late'),
               count(*) FILTER (WHERE m.state = 'pending' AND m.planned_date >= %(today)s
                                AND m.planned_date <= %(today)s::date + %(window)s AND a.id IS NULL),
               count(*) FILTER (WHERE m.state = 'pending' AND m.planned_date >= %(today)s
                                AND m.planned_date <= %(today)s::date + %(window)s AND a.id IS NOT NULL),
               count(*) FILTER (WHERE m.state = 'done'),
               count(*), count(DISTINCT m.order_id),
               count(DISTINCT m.order_id) FILTER (WHERE m.state = 'late' OR (m.state = 'pending'
                                                  AND m.planned_date < %(today)s))
        FROM merchandising_milestone m
        LEFT JOIN mail_activity a ON a.res_model = 'merchandising.milestone' AND a.res_id = m.id""", params)
    (open_, overdue_, late_, entering_, chased_, done_, total, orders, late_orders) = cr.fetchone()
    if (open_, overdue_, late_, entering_) != (size, overdue, late, entering):
        raise SystemExit("Generated data off: %d open (want %d), %d overdue (%d), %d late (%d), %d entering "
                         "the due-soon window (%d)" % (open_, size, overdue_, overdue, late_, late,
                                                       entering_, entering))
    for table in ('bench_order', 'bench_cell', 'bench_slot'):
        cr.execute('DROP TABLE %s' % table)
    return {'open': open_, 'overdue': overdue_, 'late': late_, 'due_soon_new': entering_,
            'chased_due_soon': chased_, 'done': done_, 'milestones': total, 'orders': orders,
            'orders_to_refresh': late_orders, 'milestones_per_order': per}


def fields_date(today, days):
    return fields.Date.to_string(fields.Date.from_string(today) + timedelta(days=days))
