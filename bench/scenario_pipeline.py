"""What the web client asks when a merchandiser opens the Follow-up Pipeline
(kanban) and the order list with health, on a realistic history of orders.

The data, per size (--sizes, default 1,000 and 20,000 orders), generated in
SQL from the chase scenario's seed records (20 merchandisers, 50 factories, a
customer, a product, one order confirmed through the ORM with its T&A plan,
documents and stage history) plus three samples made through the ORM:

    orders       clones of the seed (PIPE/0000001...), spread over the 20
                 merchandisers — the one measured keeps --my-orders (50) at
                 every size, the others share the rest —, over the last two
                 years and over the stages:
                 --shipped (45 %) in the closing stages (Shipped, Closed) with
                 an actual ship date and customs closed, the others spread
                 over the open stages (quotations before Order confirmed);
                 health on track / at risk / late (70 / 20 / 10 % of the open);
                 a promise (requested date, else commitment date) 4 days after
                 ex-factory, missed by a fifth of the shipped (late by a
                 milestone, a sample, customs or nothing recorded, a quarter
                 each); a seventh of the others had a milestone late too
    lines        3 per order (copies of the seed's line)
    milestones   one per milestone of the seed's plan (10), dated back from
                 the order's ex-factory date; done when shipped
    samples      3 per order (copies of the seed's), approved when shipped
                 (decided 2 days before their due date, 5 after for the orders
                 late by a sample)
    history      one stage-history line per stage the order went through
    to-dos       one open activity on every 5th open order

Measured, as a merchandiser (sudo(user): record rules apply) with the
action's default filter (My Follow-up: merchandiser_id = uid), like the web
client of Odoo 11:

    kanban       read_group(domain, kanban fields, ['merch_stage_id'],
                 lazy=True), then for each unfolded column search_read of its
                 first 40 cards (the 11.0 kanban's limit per column) with the
                 kanban view's fields
    list         search_read of the first 80 rows with the list view's fields,
                 then search_count (the web client's /web/dataset/search_read
                 counts when the page is full)

and the same as a manager without the filter (every order).
"""
import sys

from odoo import fields

import scenario_chase

NAME = 'pipeline'
HELP = "the Follow-up Pipeline kanban and the order list with health, at 1,000 and 20,000 orders"

GENERATOR_VERSION = 4
MARKER = 'bench.pipeline.dataset'
PREFIX = 'PIPE/'
SAMPLES_PER_ORDER = 3
LINES_PER_ORDER = 3
KANBAN_LIMIT = 40  # web/static/src/js/views/kanban/kanban_view.js (11.0)
LIST_LIMIT = 80
MY_ORDERS = 50


# The merchandiser of order k: the k-th of the 20, round, except that the
# first one, the merchandiser measured, keeps --my-orders orders at every size
# (hers of k = 20 r for r below it; the later ones go to the 19 others): her
# pages show the same orders at 1,000 and 20,000, and what grows is the data
# around them — as in a company, where a merchandiser follows a few dozen
# orders at a time however many the company ships.
MERCHANDISER = """(%(users)s::int[])[CASE WHEN mod(g.k, %(nusers)s) = 0 AND g.k >= %(my_orders)s * %(nusers)s
                                         THEN 2 + mod(g.k / %(nusers)s, %(nusers)s - 1)
                                         ELSE 1 + mod(g.k, %(nusers)s) END]"""


def add_arguments(parser):
    parser.add_argument('--sizes', default='1000,20000', help="orders, comma-separated (default: 1000,20000)")
    parser.add_argument('--shipped', type=float, default=0.45, help="share of shipped orders (default: 0.45)")
    parser.add_argument('--my-orders', type=int, default=MY_ORDERS,
                        help="orders of the merchandiser measured, the same at every size (default: %d)" % MY_ORDERS)
    parser.add_argument('--regenerate', action='store_true',
                        help="generate the data again even when the database has it")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def run(bench, args):
    sizes = [int(size.replace('_', '')) for size in args.sizes.split(',') if size.strip()]
    with bench.env(commit=True) as env:
        seed = ensure_seed(env)
    rows, data = [], {'sizes': []}
    for size in sizes:
        log('Size %d orders' % size)
        with bench.env(commit=True) as env:
            dataset = ensure_dataset(env, seed, size, args)
        entry = {'size': size, 'dataset': dataset, 'measures': {}}
        for label, action in actions(bench, seed):
            log('Measuring %s (%d warm-up, %d runs)' % (label, args.warmup, args.runs))
            figures = bench.measure(action, runs=args.runs, warmup=args.warmup)
            entry['measures'][label] = figures
            if args.profile:
                entry.setdefault('profile', {})[label] = bench.profile(
                    action, 'pipeline-%s-%d' % (label.replace(' ', '_').replace('(', '').replace(')', ''), size))
        data['sizes'].append(entry)
    labels = list(data['sizes'][0]['measures'])
    notes, summary = [], []
    for label in labels:
        per_size = [entry['measures'][label] for entry in data['sizes']]
        small, large = per_size[0], per_size[-1]
        time_ratio = large['median_s'] / small['median_s']
        # Constant, or fewer at the larger size (a page of different cards
        # may read a little less): what must not happen is growing.
        same_queries = large['queries'] <= small['queries']
        rows.append([label] + ['%.1f' % (1000 * f['median_s']) for f in per_size]
                    + [q(f) for f in per_size] + ['%.2f' % time_ratio])
        summary.append({'measure': label, 'time_ratio': time_ratio, 'queries': [f['queries'] for f in per_size],
                        'queries_constant': same_queries, 'time_holds': time_ratio <= 1.5})
    for item in summary:
        notes.append('%s: queries %s (%s), time %s / %s orders = %.2f (target <= 1.5: %s)' % (
            item['measure'], ' -> '.join(map(str, item['queries'])),
            ('constant' if item['queries'][0] == item['queries'][-1] else 'fewer: does not grow')
            if item['queries_constant'] else 'GROW', '{:,}'.format(sizes[-1]),
            '{:,}'.format(sizes[0]), item['time_ratio'], 'holds' if item['time_holds'] else 'MISSED'))
    data['summary'] = summary
    columns = (['measure'] + ['ms at %s' % '{:,}'.format(size) for size in sizes]
               + ['queries at %s' % '{:,}'.format(size) for size in sizes]
               + ['time %s / %s' % ('{:,}'.format(sizes[-1]), '{:,}'.format(sizes[0]))])
    targets = []
    for item in summary:
        targets.append(['%s: queries' % item['measure'], ' -> '.join(map(str, item['queries'])), 'not growing',
                        'yes' if item['queries_constant'] else 'no'])
        targets.append(['%s: time %s / %s orders' % (item['measure'], '{:,}'.format(sizes[-1]),
                                                     '{:,}'.format(sizes[0])),
                        '%.2f' % item['time_ratio'], '<= 1.5', 'yes' if item['time_holds'] else 'no'])
    return {'columns': columns, 'rows': rows, 'notes': notes, 'data': data, 'targets': targets}


def q(figures):
    if figures['queries_min'] == figures['queries_max']:
        return str(figures['queries'])
    return '%d (%d-%d)' % (figures['queries'], figures['queries_min'], figures['queries_max'])


# --- what the web client asks ---------------------------------------------------

def view_fields(env, xmlid, view_type):
    view = env.ref(xmlid)
    return list(env['sale.order'].fields_view_get(view.id, view_type)['fields'])


def actions(bench, seed):
    with bench.env() as env:
        kanban_fields = view_fields(env, 'merchandising.view_order_kanban_merchandising', 'kanban')
        list_fields = view_fields(env, 'merchandising.view_order_tree_merchandising', 'tree')
    manager = seed['manager_id']
    merchandiser = seed['user_ids'][0]

    def kanban(uid, my):
        def load(env):
            orders = env['sale.order'].sudo(uid)
            domain = [('merchandiser_id', '=', uid)] if my else []
            groups = orders.read_group(domain, kanban_fields, ['merch_stage_id'], lazy=True)
            for group in groups:
                if group.get('__fold'):
                    continue
                orders.search_read(group['__domain'], kanban_fields, limit=KANBAN_LIMIT)
        return load

    def order_list(uid, my):
        def load(env):
            orders = env['sale.order'].sudo(uid)
            domain = [('merchandiser_id', '=', uid)] if my else []
            records = orders.search_read(domain, list_fields, limit=LIST_LIMIT)
            if len(records) == LIST_LIMIT:
                orders.search_count(domain)
        return load

    return [('kanban (merchandiser, my orders)', kanban(merchandiser, True)),
            ('list (merchandiser, my orders)', order_list(merchandiser, True)),
            ('kanban (manager, all orders)', kanban(manager, False)),
            ('list (manager, all orders)', order_list(manager, False))]


# --- data -------------------------------------------------------------------------

def ensure_seed(env):
    """The chase scenario's seed records, its seed order with three samples
    (made through the ORM, so that every column is as the addon fills it)."""
    seed = scenario_chase.ensure_seed(env)
    manager = env['res.users'].search([('login', '=', 'bench_manager')])
    if not manager:
        manager = env['res.users'].with_context(no_reset_password=True, tracking_disable=True).create({
            'name': 'Bench Merchandising Manager', 'login': 'bench_manager',
            'email': 'bench_manager@bench.example.com',
            'groups_id': [(6, 0, [env.ref('base.group_user').id,
                                  env.ref('merchandising.group_merchandising_manager').id])]})
    seed['manager_id'] = manager.id
    order = env['sale.order'].browse(seed['order_id'])
    if len(order.merch_sample_ids) < SAMPLES_PER_ORDER:
        types = env['merchandising.sample.type'].search([], limit=SAMPLES_PER_ORDER)
        for sample_type in types[len(order.merch_sample_ids):]:
            env['merchandising.sample'].with_context(tracking_disable=True, mail_create_nolog=True).create({
                'order_id': order.id, 'type_id': sample_type.id})
    return seed


def columns(cr, table):
    return scenario_chase.columns(cr, table)


def ensure_dataset(env, seed, size, args):
    today = fields.Date.context_today(env['sale.order'])
    wanted = {'version': GENERATOR_VERSION, 'orders': size, 'shipped': args.shipped, 'today': today,
              'my_orders': getattr(args, 'my_orders', MY_ORDERS),
              'seed_order_id': seed['order_id']}
    return scenario_chase.reuse_or_generate(
        env, MARKER, wanted, args.regenerate, '%s orders' % '{:,}'.format(size),
        lambda cr: generate(cr, seed, size, args),
        ('lines', 'milestones', 'samples', 'history', 'shipped_orders', 'activities'))


def wipe(cr):
    """Remove the generated orders and what hangs on them."""
    cr.execute("CREATE TEMP TABLE pipe_old ON COMMIT DROP AS SELECT id FROM sale_order WHERE name LIKE %s",
               (PREFIX + '%',))
    cr.execute("""DELETE FROM mail_activity WHERE res_model = 'sale.order' AND res_id IN (SELECT id FROM pipe_old)""")
    cr.execute("""DELETE FROM mail_followers WHERE res_model = 'sale.order' AND res_id IN (SELECT id FROM pipe_old)""")
    cr.execute("""DELETE FROM mail_activity WHERE res_model = 'merchandising.milestone' AND res_id IN (
                      SELECT id FROM merchandising_milestone WHERE order_id IN (SELECT id FROM pipe_old))""")
    cr.execute("DELETE FROM merchandising_sample WHERE order_id IN (SELECT id FROM pipe_old)")
    cr.execute("DELETE FROM merchandising_milestone WHERE order_id IN (SELECT id FROM pipe_old)")
    cr.execute("DELETE FROM sale_order WHERE id IN (SELECT id FROM pipe_old)")
    cr.execute("DROP TABLE pipe_old")


def generate(cr, seed, size, args):
    cr.execute("SELECT id, is_closed FROM merchandising_stage ORDER BY sequence, id")
    stages = cr.fetchall()
    open_stages = [sid for sid, closed in stages if not closed]
    closed_stages = [sid for sid, closed in stages if closed]
    cr.execute("SELECT id FROM merchandising_stage WHERE is_confirmation_stage ORDER BY sequence LIMIT 1")
    confirmation = cr.fetchone()[0]
    stage_ids = [sid for sid, dummy in stages]
    params = {
        'seed': seed['order_id'], 'prefix': PREFIX, 'size': size, 'users': seed['user_ids'],
        'my_orders': getattr(args, 'my_orders', MY_ORDERS),
        'nusers': len(seed['user_ids']), 'factories': seed['factory_ids'], 'nfactories': len(seed['factory_ids']),
        'stages': stage_ids, 'open_stages': open_stages, 'nopen': len(open_stages),
        'closed_stages': closed_stages, 'nclosed': len(closed_stages),
        'shipped': int(round(size * args.shipped)),
        'confirmation_pos': stage_ids.index(confirmation),
    }
    # Orders: k < shipped are shipped (closing stages), the rest open. Shipped
    # orders are older: their ex-factory dates spread over the last two years;
    # the open ones over the next six months.
    # The shipped share of each merchandiser's orders: r mod 20 below it.
    params['shipped_of_20'] = int(round(20 * args.shipped))
    is_shipped = 'mod(g.k / %d, 20) < %d' % (len(seed['user_ids']), params['shipped_of_20'])
    overrides = {
        'name': "%(prefix)s || lpad((g.k + 1)::text, 7, '0')",
        'client_order_ref': "'PO-' || g.k", 'origin': 'NULL', 'access_token': 'NULL', 'note': 'NULL',
        'procurement_group_id': 'NULL', 'message_last_post': 'NULL', 'activity_date_deadline': 'NULL',
        'user_id': MERCHANDISER,
        'merchandiser_id': MERCHANDISER,
        # k = merchandiser u + 20 r: each merchandiser's orders r spread over
        # shipped / open, the stages and the health alike at every size.
        'merch_stage_id': """CASE WHEN """ + is_shipped + """
                                  THEN (%(closed_stages)s::int[])[1 + mod(g.k / %(nusers)s, %(nclosed)s)]
                                  ELSE (%(open_stages)s::int[])[1 + mod(g.k / %(nusers)s * 7, %(nopen)s)] END""",
        'ex_factory_date': """CASE WHEN """ + is_shipped + """ THEN current_date - (15 + mod(g.k * 7, 720))
                                   ELSE current_date + mod(g.k * 7, 180) - 20 END""",
        'amount_untaxed': 'seed.amount_untaxed * 3', 'amount_total': 'seed.amount_total * 3',
        'amount_tax': 'seed.amount_tax * 3',
        'create_uid': '1', 'write_uid': '1',
        'create_date': "now() at time zone 'UTC'", 'write_date': "now() at time zone 'UTC'",
    }
    scenario_chase.clone_seed_orders(cr, overrides, params, 'size')
    cr.execute("""
        CREATE TEMP TABLE pipe_order ON COMMIT DROP AS
        SELECT o.id, substr(o.name, length(%(prefix)s) + 1)::int - 1 AS k, o.merchandiser_id, o.ex_factory_date,
               o.merch_stage_id, array_position(%(stages)s::int[], o.merch_stage_id) - 1 AS pos,
               mod((substr(o.name, length(%(prefix)s) + 1)::int - 1) / %(nusers)s, 20) < %(shipped_of_20)s AS shipped,
               mod((substr(o.name, length(%(prefix)s) + 1)::int - 1) / %(nusers)s * 3
                   + substr(o.name, length(%(prefix)s) + 1)::int - 1, 10) AS h
        FROM sale_order o WHERE o.name LIKE %(prefix)s || '%%'""", params)
    # The dates and states that follow from the stage and the ex-factory date.
    cr.execute("""
        UPDATE sale_order o SET
            state = CASE WHEN p.pos < %(confirmation_pos)s THEN 'draft' ELSE 'sale' END,
            confirmation_date = CASE WHEN p.pos < %(confirmation_pos)s THEN NULL
                                     ELSE (p.ex_factory_date - 60)::timestamp END,
            date_order = (p.ex_factory_date - 75)::timestamp,
            merch_stage_date = (p.ex_factory_date - 75 + 6 * p.pos)::timestamp,
            merch_ship_date = CASE WHEN p.shipped THEN p.ex_factory_date + mod(p.k, 5) END,
            merch_customs_state = CASE WHEN p.shipped THEN 'closed' ELSE 'none' END,
            forecast_ship_date = CASE WHEN p.pos < %(confirmation_pos)s THEN NULL
                                      ELSE p.ex_factory_date + CASE p.h WHEN 0 THEN 12 WHEN 1 THEN 3
                                                               WHEN 2 THEN 2 ELSE 0 END END,
            delay_days = CASE p.h WHEN 0 THEN 12 WHEN 1 THEN 3 WHEN 2 THEN 2 ELSE 0 END,
            merch_health = CASE WHEN p.pos < %(confirmation_pos)s THEN NULL
                                WHEN p.shipped THEN 'on_track'
                                WHEN p.h = 0 THEN 'late' WHEN p.h IN (1, 2) THEN 'at_risk'
                                ELSE 'on_track' END
        FROM pipe_order p WHERE p.id = o.id""", params)

    # The promise the on-time delivery report measures against: 4 days after
    # ex-factory (on or after the ship date), at 02:00 UTC (the same day in
    # UTC and Shanghai); requested by the customer on two orders in three,
    # else only committed. A fifth of the shipped orders left 1-5 days after
    # it (late_by 1-4: by a milestone, a sample, customs, nothing recorded),
    # spread over merchandisers and months.
    cr.execute("""
        ALTER TABLE pipe_order ADD COLUMN late_by int;
        UPDATE pipe_order SET late_by = CASE WHEN shipped AND mod(k / 3, 5) = 0 THEN 1 + mod(k, 4) END;
        UPDATE sale_order o SET
            requested_date = CASE WHEN mod(p.k, 3) < 2 THEN promise END,
            commitment_date = promise,
            merch_atd = o.merch_ship_date,
            merch_customs_released_date = CASE WHEN p.shipped THEN
                p.ex_factory_date + CASE WHEN p.late_by = 3 THEN 2 ELSE -1 END END
        FROM pipe_order p
        CROSS JOIN LATERAL (SELECT (CASE WHEN p.late_by IS NULL THEN p.ex_factory_date + 4
                                         ELSE p.ex_factory_date + mod(p.k, 5) - 1 - mod(p.k / 7, 5) END
                                    )::timestamp + interval '2 hours' AS promise) x
        WHERE p.id = o.id""", params)

    # Lines: copies of the seed's first line.
    line_columns = [c for c in columns(cr, 'sale_order_line') if c != 'id']
    overrides = {'order_id': 'p.id', 'sequence': 'g.n * 10', 'create_uid': '1', 'write_uid': '1',
                 'create_date': "now() at time zone 'UTC'", 'write_date': "now() at time zone 'UTC'",
                 'state': "CASE WHEN p.pos < %(confirmation_pos)s THEN 'draft' ELSE 'sale' END",
                 'order_partner_id': 'l.order_partner_id', 'salesman_id': 'p.merchandiser_id'}
    cr.execute("""
        INSERT INTO sale_order_line (%s)
        SELECT %s FROM pipe_order p CROSS JOIN generate_series(1, %d) AS g(n)
        JOIN LATERAL (SELECT * FROM sale_order_line WHERE order_id = %%(seed)s ORDER BY id LIMIT 1) l ON true
        """ % (', '.join('"%s"' % c for c in line_columns),
               ', '.join(overrides.get(c, 'l."%s"' % c) for c in line_columns), LINES_PER_ORDER), params)

    # Milestones: the seed's plan, dated back from the order's ex-factory date
    # like the template did for the seed; done for the shipped orders, done
    # before today for the open ones.
    cr.execute("SELECT ex_factory_date FROM sale_order WHERE id = %(seed)s", params)
    params['seed_ex_factory'] = cr.fetchone()[0]
    milestone_columns = [c for c in columns(cr, 'merchandising_milestone') if c != 'id']
    offset = "(t.planned_date - %(seed_ex_factory)s::date)"
    overrides = {
        'order_id': 'p.id', 'merchandiser_id': 'p.merchandiser_id',
        'user_id': 'CASE WHEN mod(t.sequence, 3) = 2 THEN NULL ELSE p.merchandiser_id END',
        'partner_id': '(%(factories)s::int[])[1 + mod(p.k * 7 + t.sequence, %(nfactories)s)]',
        'planned_date': 'p.ex_factory_date + ' + offset,
        'revised_date': 'NULL',
        'due_date': 'p.ex_factory_date + ' + offset,
        'actual_date': "CASE WHEN p.shipped OR p.ex_factory_date + %s < current_date THEN p.ex_factory_date + %s END"
                       % (offset, offset),
        'state': "CASE WHEN p.shipped OR p.ex_factory_date + %s < current_date THEN 'done' ELSE 'pending' END"
                 % offset,
        'next_chase_date': 'NULL', 'activity_date_deadline': 'NULL', 'message_last_post': 'NULL',
        'create_uid': '1', 'write_uid': '1',
        'create_date': "now() at time zone 'UTC'", 'write_date': "now() at time zone 'UTC'",
    }
    cr.execute("""
        INSERT INTO merchandising_milestone (%s)
        SELECT %s FROM pipe_order p CROSS JOIN merchandising_milestone t
        WHERE t.order_id = %%(seed)s AND p.pos >= %%(confirmation_pos)s
        ORDER BY p.k, t.sequence, t.id""" % (
        ', '.join('"%s"' % c for c in milestone_columns),
        ', '.join(overrides.get(c, 't."%s"' % c) for c in milestone_columns)), params)

    # Late milestones: for the orders late by a milestone, and a seventh of
    # the others (late but caught up), the middle critical step of the plan
    # (not a sample's) finished 4 days after its planned date.
    cr.execute("""
        SELECT sequence FROM merchandising_milestone
         WHERE order_id = %(seed)s AND is_critical AND sample_type_id IS NULL ORDER BY sequence, id""", params)
    critical = [row[0] for row in cr.fetchall()]
    if critical:
        params['late_sequence'] = critical[len(critical) // 2]
        cr.execute("""
            UPDATE merchandising_milestone m SET actual_date = m.planned_date + 4
              FROM pipe_order p
             WHERE m.order_id = p.id AND p.shipped AND (p.late_by = 1 OR (p.late_by IS NULL AND mod(p.k, 7) = 0))
               AND m.sequence = %(late_sequence)s AND m.is_critical AND m.sample_type_id IS NULL""", params)

    # Samples: the seed's three, approved for the shipped orders.
    sample_columns = [c for c in columns(cr, 'merchandising_sample') if c != 'id']
    overrides = {
        'order_id': 'p.id', 'merchandiser_id': 'p.merchandiser_id',
        'name': "'SMP/PIPE/' || p.k || '/' || s.id",
        'access_token': 'md5(p.k || \'-\' || s.id)',
        'date_due': 'p.ex_factory_date - 60 + mod(s.id, 20)',
        'state': "CASE WHEN p.shipped THEN 'approved' ELSE s.state END",
        'date_decided': "CASE WHEN p.shipped THEN p.ex_factory_date - 60 + mod(s.id, 20) "
                        "+ CASE WHEN p.late_by = 2 THEN 5 ELSE -2 END END",
        'message_last_post': 'NULL', 'activity_date_deadline': 'NULL', 'previous_round_id': 'NULL',
        'create_uid': '1', 'write_uid': '1',
        'create_date': "now() at time zone 'UTC'", 'write_date': "now() at time zone 'UTC'",
    }
    cr.execute("""
        INSERT INTO merchandising_sample (%s)
        SELECT %s FROM pipe_order p CROSS JOIN merchandising_sample s WHERE s.order_id = %%(seed)s""" % (
        ', '.join('"%s"' % c for c in sample_columns),
        ', '.join(overrides.get(c, 's."%s"' % c) for c in sample_columns)), params)

    # Stage history: every stage up to the current one, six days each.
    cr.execute("""
        INSERT INTO merchandising_stage_history (order_id, stage_id, date_in, date_out, user_id, company_id,
                                                 create_uid, create_date, write_uid, write_date)
        SELECT p.id, (%(stages)s::int[])[s.i + 1],
               (p.ex_factory_date - 75 + 6 * s.i)::timestamp,
               CASE WHEN s.i < p.pos THEN (p.ex_factory_date - 75 + 6 * (s.i + 1))::timestamp END,
               p.merchandiser_id, o.company_id, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
        FROM pipe_order p JOIN sale_order o ON o.id = p.id
        CROSS JOIN generate_series(0, array_length(%(stages)s::int[], 1) - 1) AS s(i)
        WHERE s.i <= p.pos""", params)

    # An open to-do on every 5th open order (the kanban shows them).
    cr.execute("""
        INSERT INTO mail_activity (res_id, res_model_id, res_model, res_name, activity_type_id, summary,
                                   date_deadline, user_id, create_uid, create_date, write_uid, write_date)
        SELECT p.id, model.id, 'sale.order', 'PIPE', todo.res_id, 'Call the factory',
               current_date + mod(p.k, 11) - 5, p.merchandiser_id,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
        FROM pipe_order p
        JOIN ir_model model ON model.model = 'sale.order'
        JOIN ir_model_data todo ON todo.module = 'mail' AND todo.name = 'mail_activity_data_todo'
        WHERE NOT p.shipped AND mod(p.h, 5) = 0""")

    # Followers: the merchandiser (subscribed on creation) and the customer
    # (subscribed on confirmation); the record rules look them up.
    cr.execute("""
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT DISTINCT 'sale.order', p.id, x.partner_id
        FROM pipe_order p JOIN sale_order o ON o.id = p.id
        JOIN res_users u ON u.id = p.merchandiser_id
        CROSS JOIN LATERAL (VALUES (u.partner_id), (o.partner_id)) AS x(partner_id)""")

    counts = {}
    for key, query in (
            ('lines', "SELECT count(*) FROM sale_order_line WHERE order_id IN (SELECT id FROM pipe_order)"),
            ('milestones', "SELECT count(*) FROM merchandising_milestone WHERE order_id IN (SELECT id FROM pipe_order)"),
            ('samples', "SELECT count(*) FROM merchandising_sample WHERE order_id IN (SELECT id FROM pipe_order)"),
            ('history', "SELECT count(*) FROM merchandising_stage_history WHERE order_id IN (SELECT id FROM pipe_order)"),
            ('shipped_orders', "SELECT count(*) FROM pipe_order WHERE shipped"),
            ('activities', "SELECT count(*) FROM mail_activity WHERE res_model = 'sale.order' "
                           "AND res_id IN (SELECT id FROM pipe_order)")):
        cr.execute(query)
        counts[key] = cr.fetchone()[0]
    cr.execute('DROP TABLE pipe_order')
    return counts
