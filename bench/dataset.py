"""The data the scenarios measure, shared by all of them.

The seed is made through the ORM, once per database: 20 merchandisers, a
merchandising manager, 50 factories, a customer, a product and one order
confirmed by the addon (its T&A plan), with three samples, a to-do on the
order and one on a milestone. The generated data are SQL copies of those seed
rows (every column as the addon filled it, a few computed for each copy), so
that 100,000 milestones take seconds; the operations measured then go through
the ORM.

One data set at a time (ir.config_parameter ``bench.dataset`` says which):
    milestones(...)   the chase job's: open milestones around today
    orders(...)       the pipeline's and the on-time report's: orders over
                      the stages, half shipped, with lines, plan, samples,
                      stage history, followers and to-dos
Asking for another one (or another size) replaces the generated orders; the
same one on the same day is reused. The generated orders are named BENCH/...
"""
import json
import math
import sys
import time
from datetime import timedelta

from odoo import Command, fields

MARKER = 'bench.dataset'
# Bump when the generated data change: the old data sets are made again.
VERSION = 5
PREFIX = 'BENCH/'
SEED_REF = 'BENCH-SEED'
USERS, FACTORIES, SAMPLES = 20, 50, 3
NO_MAIL = dict(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
               mail_notrack=True, no_reset_password=True, mail_activity_quick_update=True)


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


# --- the seed, through the ORM ------------------------------------------------

def seed(env):
    """The seed records (made once, found again later): a dict of their ids."""
    env = env(context=dict(env.context, **NO_MAIL))
    Users, Partner = env['res.users'], env['res.partner']
    internal, merchandiser = env.ref('base.group_user'), env.ref('merchandising.group_merchandiser')
    users = Users.browse()
    for number in range(1, USERS + 1):
        login = 'bench_merch_%02d' % number
        users |= Users.search([('login', '=', login)]) or Users.create({
            'name': 'Bench Merchandiser %02d' % number, 'login': login, 'email': '%s@bench.example.com' % login,
            'groups_id': [Command.set((internal | merchandiser).ids)]})
    manager = Users.search([('login', '=', 'bench_manager')]) or Users.create({
        'name': 'Bench Merchandising Manager', 'login': 'bench_manager', 'email': 'manager@bench.example.com',
        'groups_id': [Command.set((internal | env.ref('merchandising.group_merchandising_manager')).ids)]})
    factories = Partner.browse()
    for number in range(1, FACTORIES + 1):
        ref = 'BENCH-F%02d' % number
        factories |= Partner.search([('ref', '=', ref)]) or Partner.create({
            'name': 'Bench Factory %02d' % number, 'ref': ref, 'is_company': True, 'supplier_rank': 1,
            'email': 'factory%02d@bench.example.com' % number})
    customer = Partner.search([('ref', '=', 'BENCH-C')]) or Partner.create({
        'name': 'Bench Customer', 'ref': 'BENCH-C', 'is_company': True, 'customer_rank': 1,
        'email': 'buyer@bench.example.com'})
    product = env['product.product'].search([('default_code', '=', 'BENCH-G')]) or env['product.product'].create({
        'name': 'Bench Garment', 'default_code': 'BENCH-G', 'type': 'consu', 'sale_ok': True, 'list_price': 5.0})
    order = env['sale.order'].search([('client_order_ref', '=', SEED_REF)], limit=1)
    if not order:
        log('Creating the seed records through the ORM (users, factories, customer, product, seed order)')
        order = env['sale.order'].create({
            'partner_id': customer.id, 'client_order_ref': SEED_REF, 'user_id': users[0].id,
            'ex_factory_date': fields.Date.context_today(order) + timedelta(days=200),
            'order_line': [Command.create({'product_id': product.id, 'product_uom_qty': 1000, 'price_unit': 5.0})],
        })
        order.action_confirm()
        if not order.merch_milestone_ids:
            raise SystemExit("The seed order %s got no T&A plan when confirmed: is the standard T&A "
                             "template there?" % order.name)
        for sample_type in env['merchandising.sample.type'].search([], limit=SAMPLES):
            env['merchandising.sample'].create({'order_id': order.id, 'type_id': sample_type.id})
        order.activity_schedule('mail.mail_activity_data_todo', summary='Call the factory', user_id=users[0].id)
        order.merch_milestone_ids[:1].activity_schedule(
            'mail.mail_activity_data_todo', summary='Chase', user_id=users[0].id)
        # The seed's own plan is out of every job: only its copies count.
        order.merch_milestone_ids.action_skip()
    env.flush_all()

    def activity(model, res_id):
        return env['mail.activity'].search([('res_model', '=', model), ('res_id', '=', res_id)], limit=1).id
    return {'order_id': order.id, 'company_id': order.company_id.id, 'user_ids': users.ids,
            'manager_id': manager.id, 'factory_ids': factories.ids, 'customer_id': customer.id,
            'order_activity_id': activity('sale.order', order.id),
            'milestone_activity_id': activity('merchandising.milestone', order.merch_milestone_ids[:1].id)}


# --- copying rows in SQL ----------------------------------------------------------

def columns(cr, table):
    cr.execute("""SELECT column_name FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position""", (table,))
    return [row[0] for row in cr.fetchall()]


def copy_rows(cr, table, source, overrides, params, alias='seed'):
    """INSERT INTO ``table`` a copy of each row of ``alias`` in the FROM
    clause ``source``: every column as it is, but ``overrides`` {column: SQL
    expression} (those of absent columns ignored)."""
    now = "now() at time zone 'UTC'"
    overrides = dict({'create_uid': '1', 'write_uid': '1', 'create_date': now, 'write_date': now}, **overrides)
    names = [c for c in columns(cr, table) if c != 'id']
    cr.execute('INSERT INTO %s (%s) SELECT %s FROM %s' % (
        table, ', '.join('"%s"' % c for c in names),
        ', '.join(overrides.get(c, '%s."%s"' % (alias, c)) for c in names), source), params)
    return cr.rowcount


# --- one data set at a time --------------------------------------------------------

def ensure(env, wanted, regenerate, what, generate):
    """The data set ``wanted`` describes: reused when the database holds it,
    else the generated orders are removed and ``generate(cr)`` makes it (it
    returns its counts), committed and analysed."""
    cr = env.cr
    Param = env['ir.config_parameter'].sudo()
    wanted = dict(wanted, version=VERSION, today=str(fields.Date.context_today(Param)))
    current = json.loads(Param.get_param(MARKER) or '{}')
    if not regenerate and {key: current.get(key) for key in wanted} == wanted:
        log('Reusing the generated data (%s)' % what)
        return current
    start = time.perf_counter()
    wipe(cr)
    Param.set_param(MARKER, '')
    dataset = dict(wanted, **generate(cr))
    dataset['generation_s'] = round(time.perf_counter() - start, 1)
    Param.set_param(MARKER, json.dumps(dataset))
    cr.commit()
    cr.execute('ANALYZE')
    log('Generated %s in %.1f s: %s' % (what, dataset['generation_s'], ', '.join(
        '%s %s' % (key, '{:,}'.format(value)) for key, value in dataset.items()
        if isinstance(value, int) and key not in wanted)))
    return dataset


def wipe(cr):
    """Remove the generated orders and everything that hangs on them."""
    cr.execute("CREATE TEMP TABLE bench_old ON COMMIT DROP AS SELECT id FROM sale_order WHERE name LIKE %s",
               (PREFIX + '%',))
    for model, table in (('merchandising.milestone', 'merchandising_milestone'),
                         ('merchandising.sample', 'merchandising_sample')):
        for what, column in (('mail_activity', 'res_model'), ('mail_followers', 'res_model'),
                             ('mail_message', 'model')):
            cr.execute("""DELETE FROM %s WHERE %s = %%s AND res_id IN (
                              SELECT id FROM %s WHERE order_id IN (SELECT id FROM bench_old))""" % (what, column, table),
                       (model,))
    for what, column in (('mail_activity', 'res_model'), ('mail_followers', 'res_model'), ('mail_message', 'model')):
        cr.execute("DELETE FROM %s WHERE %s = 'sale.order' AND res_id IN (SELECT id FROM bench_old)" % (what, column))
    for table in ('merchandising_sample', 'merchandising_milestone_revision', 'merchandising_milestone_dependency',
                  'merchandising_milestone', 'merchandising_stage_history', 'sale_order_line'):
        cr.execute("DELETE FROM %s WHERE order_id IN (SELECT id FROM bench_old)" % table)
    cr.execute("DELETE FROM sale_order WHERE id IN (SELECT id FROM bench_old)")
    cr.execute("DROP TABLE bench_old")


def copy_orders(cr, params, overrides, count):
    """``count`` copies of the seed order, g.k counting them from 0."""
    params = dict(params, count=count)
    overrides = dict({
        'name': "%(prefix)s || lpad((g.k + 1)::text, 7, '0')",
        'client_order_ref': 'NULL', 'origin': 'NULL', 'access_token': 'NULL', 'procurement_group_id': 'NULL',
    }, **overrides)
    copy_rows(cr, 'sale_order', 'sale_order seed, generate_series(0, %(count)s - 1) AS g(k)'
              ' WHERE seed.id = %(seed)s', overrides, params)


def copy_activities(cr, params, seed_activity, rows, res_id, deadline, user):
    """A to-do per row of ``rows`` (a FROM item and its WHERE), a copy of the seed's."""
    return copy_rows(cr, 'mail_activity', '%s JOIN mail_activity seed ON seed.id = %d' % (
        rows, seed_activity), {'res_id': res_id, 'date_deadline': deadline, 'user_id': user,
                               'res_name': 'NULL'}, params)


def copy_dependencies(cr, params):
    """The seed plan's network (what each milestone waits for, and the lag)
    on every copied plan: the milestones of an order found by the seed's
    sequence and name."""
    return copy_rows(cr, 'merchandising_milestone_dependency', """merchandising_milestone_dependency seed
        JOIN merchandising_milestone sm ON sm.id = seed.milestone_id
        JOIN merchandising_milestone sp ON sp.id = seed.predecessor_id
        JOIN merchandising_milestone m ON m.sequence = sm.sequence AND m.name = sm.name
        JOIN merchandising_milestone p ON p.order_id = m.order_id AND p.sequence = sp.sequence AND p.name = sp.name
        WHERE seed.order_id = %(seed)s AND m.order_id IN (SELECT id FROM bench_order)""", {
            'milestone_id': 'm.id', 'predecessor_id': 'p.id', 'order_id': 'm.order_id', 'company_id': 'm.company_id',
        }, params)


# --- the chase job's data: open milestones ----------------------------------------

def milestones(env, seed_ids, size, overdue, late, entering, regenerate=False):
    """``size`` open milestones, of which the same work at every size:
    ``overdue`` pending milestones due yesterday (no to-do yet: the job gives
    them one and marks them late), ``late`` already late with their to-do,
    ``entering`` due on the last day of the due-soon window (the job gives
    them a to-do); the others spread evenly up to a year ahead, those already
    in the window with the to-do yesterday's run gave them. The late and
    overdue ones sit in as many orders at every size, spread over them."""
    wanted = {'kind': 'milestones', 'open': size, 'overdue': overdue, 'late': late, 'entering': entering}
    return ensure(env, wanted, regenerate, '%s open milestones' % '{:,}'.format(size),
                  lambda cr: _generate_milestones(env, cr, seed_ids, size, overdue, late, entering))


def _generate_milestones(env, cr, seed_ids, size, overdue, late, entering):
    today = fields.Date.context_today(env['res.users'])
    cr.execute("SELECT merch_due_soon_days FROM res_company WHERE id = %s", (seed_ids['company_id'],))
    window = cr.fetchone()[0] or 0
    cr.execute("SELECT count(*) FROM merchandising_milestone WHERE order_id = %s", (seed_ids['order_id'],))
    per = cr.fetchone()[0]
    # The late and overdue milestones go to m orders, as many at every size,
    # one every `stride` orders: the late in their first slots, the overdue
    # in the next ones; the rest of those first slots is done.
    m = max(1, min(math.ceil(size / per), max(late, overdue)))
    late_slots, overdue_slots = math.ceil(late / m), math.ceil(overdue / m)
    if late_slots + overdue_slots > per or size <= late + overdue + entering:
        raise SystemExit("%d open milestones are too few for %d late, %d overdue and %d entering the "
                         "due-soon window" % (size, late, overdue, entering))
    done_fillers = late_slots * m - late
    open_cells = size + done_fillers
    open_orders = math.ceil(open_cells / per)
    users = seed_ids['user_ids']
    params = {
        'seed': seed_ids['order_id'], 'prefix': PREFIX, 'per': per, 'm': m, 'late': late, 'overdue': overdue,
        'late_slots': late_slots, 'overdue_slots': overdue_slots, 'open_orders': open_orders,
        'stride': max(1, open_orders // m), 'open_cells': open_cells, 'entering': entering, 'window': window,
        'users': users, 'nusers': len(users), 'factories': seed_ids['factory_ids'],
        'nfactories': len(seed_ids['factory_ids']), 'today': today,
    }
    # The m orders with late and overdue milestones are the j-th of them's
    # merchandiser, the others the k-th's: who chases what is the same at
    # every size (the job's to-dos and follower subscriptions go by user).
    user = """(%(users)s::int[])[1 + CASE WHEN mod(g.k, %(stride)s) = 0 AND g.k / %(stride)s < %(m)s
                                          THEN mod(g.k / %(stride)s, %(nusers)s) ELSE mod(g.k, %(nusers)s) END]"""
    copy_orders(cr, params, {
        'state': "'sale'", 'user_id': user, 'merchandiser_id': user,
        'date_order': "(now() at time zone 'UTC') - mod(g.k, 120) * interval '1 day'",
        'merch_stage_date': "(now() at time zone 'UTC') - mod(g.k, 120) * interval '1 day'",
        'ex_factory_date': 'NULL', 'forecast_ship_date': 'NULL', 'delay_days': '0', 'merch_health': "'on_track'",
    }, open_orders)
    cr.execute("""CREATE TEMP TABLE bench_order ON COMMIT DROP AS
                  SELECT id, substr(name, length(%(prefix)s) + 1)::int - 1 AS k, merchandiser_id
                  FROM sale_order WHERE name LIKE %(prefix)s || '%%'""", params)

    # One cell per milestone: its order, slot (the seed milestone it copies),
    # role, rank in the role, and from those its dates and state.
    cr.execute("""
        CREATE TEMP TABLE bench_cell ON COMMIT DROP AS
        WITH special AS (
            -- j: the index of the order among the m with late and overdue milestones
            SELECT o.*, CASE WHEN mod(o.k, %(stride)s) = 0 AND o.k / %(stride)s < %(m)s
                             THEN o.k / %(stride)s END AS j
            FROM bench_order o
        ), cell AS (
            SELECT o.k, o.id AS order_id, o.merchandiser_id, s.s,
                CASE
                    WHEN o.j IS NOT NULL AND s.s < %(late_slots)s AND s.s * %(m)s + o.j < %(late)s THEN 'late'
                    WHEN o.j IS NOT NULL AND s.s < %(late_slots)s THEN 'done'
                    WHEN o.j IS NOT NULL AND s.s < %(late_slots)s + %(overdue_slots)s
                         AND (s.s - %(late_slots)s) * %(m)s + o.j < %(overdue)s THEN 'overdue'
                    ELSE 'open'
                END AS role
            FROM special o CROSS JOIN generate_series(0, %(per)s - 1) AS s(s)
            WHERE o.k * %(per)s + s.s < %(open_cells)s
        ), ranked AS (
            SELECT cell.*, (row_number() OVER (PARTITION BY role ORDER BY k, s) - 1)::int AS r,
                   (count(*) OVER (PARTITION BY role))::int AS n
            FROM cell
        ), spread AS (
            -- open: 'before' are due before the window's last day (they have
            -- their to-do), then 'entering' due on it, then the rest up to a
            -- year ahead, evenly over the days.
            SELECT ranked.*, ceil(%(window)s * (n - %(entering)s) / 365.0)::int AS before,
                   greatest(n - %(entering)s, 1) AS regular
            FROM ranked
        )
        SELECT k, order_id, merchandiser_id, s, role, r,
            role = 'open' AND r >= before AND r < before + %(entering)s AS entering,
            CASE role
                WHEN 'late' THEN %(today)s::date - (2 + mod(r, 29))
                WHEN 'done' THEN %(today)s::date - (31 + mod(r, 30))
                WHEN 'overdue' THEN %(today)s::date - 1
                ELSE CASE
                    WHEN r < before THEN %(today)s::date + r * 365 / regular
                    WHEN r < before + %(entering)s THEN %(today)s::date + %(window)s
                    ELSE %(today)s::date + (r - %(entering)s) * 365 / regular + 1
                END
            END AS planned_date,
            CASE role WHEN 'late' THEN 'late' WHEN 'done' THEN 'done' ELSE 'pending' END AS state,
            role = 'late' OR (role = 'open' AND r < before) AS chased
        FROM spread""", params)
    cr.execute("""CREATE TEMP TABLE bench_slot ON COMMIT DROP AS
                  SELECT (row_number() OVER (ORDER BY sequence, id) - 1)::int AS bench_s, *
                  FROM merchandising_milestone WHERE order_id = %(seed)s""", params)
    copy_rows(cr, 'merchandising_milestone', 'bench_cell c JOIN bench_slot seed ON seed.bench_s = c.s ORDER BY c.k, c.s', {
        'order_id': 'c.order_id', 'merchandiser_id': 'c.merchandiser_id',
        # The milestones the job works on: responsible in turn, the same at every size.
        'user_id': """CASE WHEN c.role IN ('late', 'overdue') OR c.entering THEN (%(users)s::int[])[1 + mod(c.r, %(nusers)s)]
                          WHEN mod(c.s, 3) = 2 THEN NULL ELSE c.merchandiser_id END""",
        'partner_id': '(%(factories)s::int[])[1 + mod(c.k * 7 + c.s, %(nfactories)s)]',
        'planned_date': 'c.planned_date', 'revised_date': 'NULL', 'due_date': 'c.planned_date',
        # As yesterday's run left them: the network expects each on its plan
        # (the chase job chases by the forecast).
        'forecast_date': 'c.planned_date', 'delay_days': '0',
        'actual_date': "CASE WHEN c.state = 'done' THEN c.planned_date END", 'state': 'c.state',
    }, params)
    copy_dependencies(cr, params)
    # The orders leave the factory with their last milestone.
    cr.execute("""UPDATE sale_order o SET ex_factory_date = x.last, forecast_ship_date = x.last
                  FROM (SELECT order_id, max(planned_date) AS last FROM merchandising_milestone
                        WHERE order_id IN (SELECT id FROM bench_order) GROUP BY order_id) x
                  WHERE o.id = x.order_id""")
    # The to-dos yesterday's run gave: the late milestones and those in the window.
    cr.execute("""SELECT count(*) = count(DISTINCT (sequence, name)) FROM merchandising_milestone
                  WHERE order_id = %(seed)s""", params)
    assert cr.fetchone()[0], "the seed's milestones must differ by sequence and name"
    copy_activities(cr, params, seed_ids['milestone_activity_id'], """(
        SELECT m.id, m.due_date, coalesce(m.user_id, m.merchandiser_id) AS user_id
        FROM bench_cell c JOIN bench_slot t ON t.bench_s = c.s
        JOIN merchandising_milestone m ON m.order_id = c.order_id AND m.sequence = t.sequence AND m.name = t.name
        WHERE c.chased) x""", 'x.id', 'x.due_date', 'x.user_id')

    cr.execute("""
        SELECT count(*) FILTER (WHERE m.state IN ('pending', 'late')),
               count(*) FILTER (WHERE m.state = 'pending' AND m.due_date < %(today)s AND a.id IS NULL),
               count(*) FILTER (WHERE m.state = 'late'),
               count(*) FILTER (WHERE m.state = 'pending' AND m.due_date BETWEEN %(today)s
                                AND %(today)s::date + %(window)s AND a.id IS NULL),
               count(*) FILTER (WHERE m.state = 'pending' AND m.due_date BETWEEN %(today)s
                                AND %(today)s::date + %(window)s AND a.id IS NOT NULL),
               count(*), count(DISTINCT m.order_id)
        FROM merchandising_milestone m JOIN bench_order b ON b.id = m.order_id
        LEFT JOIN mail_activity a ON a.res_model = 'merchandising.milestone' AND a.res_id = m.id""", params)
    open_, overdue_, late_, entering_, chased, total, orders_ = cr.fetchone()
    if (open_, overdue_, late_, entering_) != (size, overdue, late, entering):
        raise SystemExit("Generated data off: %d open (want %d), %d overdue (%d), %d late (%d), %d entering the "
                         "due-soon window (%d)" % (open_, size, overdue_, overdue, late_, late, entering_, entering))
    for table in ('bench_order', 'bench_cell', 'bench_slot'):
        cr.execute('DROP TABLE %s' % table)
    return {'in_window_with_todo': chased, 'milestones': total, 'orders': orders_, 'due_soon_days': window}


# --- the pipeline's and the report's data: orders over the stages -----------------

# The merchandiser of order k: the k-th of the 20, round, except that the first
# one, the merchandiser measured, keeps ``my_orders`` at every size (hers of
# k = 20 r for r below it; the later ones go to the 19 others): her pages
# show the same orders at 1,000 and 20,000, and what grows is the data around
# them, as in a company, where a merchandiser follows a few dozen orders at a
# time however many the company ships.
MERCHANDISER = """(%(users)s::int[])[CASE WHEN mod(g.k, %(nusers)s) = 0 AND g.k >= %(my_orders)s * %(nusers)s
                                         THEN 2 + mod(g.k / %(nusers)s, %(nusers)s - 1)
                                         ELSE 1 + mod(g.k, %(nusers)s) END]"""
LINES = 3


def orders(env, seed_ids, size, shipped, my_orders, regenerate=False):
    """``size`` orders (their k-th merchandiser, see MERCHANDISER) over the
    stages: a share ``shipped`` in the closing stages (shipped 15 to 735 days
    ago, customs closed), the others in the open stages, on track, at risk or
    late (70/20/10 %); 3 lines, the seed's plan dated back from the order's
    ex-factory date (done when shipped or past), 3 samples (approved when
    shipped), a history line per stage passed, the merchandiser and the
    customer as followers, a to-do on every fifth open order. A promise
    (commitment date) 4 days after ex-factory, missed by a fifth of the
    shipped (late by a milestone, a sample, customs or nothing recorded, a
    quarter each), and a seventh of the others late at one milestone too."""
    wanted = {'kind': 'orders', 'orders': size, 'shipped': shipped, 'my_orders': my_orders}
    return ensure(env, wanted, regenerate, '%s orders' % '{:,}'.format(size),
                  lambda cr: _generate_orders(env, cr, seed_ids, size, shipped, my_orders))


def _generate_orders(env, cr, seed_ids, size, shipped, my_orders):
    cr.execute("SELECT id, is_closed, is_confirmation_stage FROM merchandising_stage ORDER BY sequence, id")
    stages = cr.fetchall()
    stage_ids = [sid for sid, dummy, dummy2 in stages]
    users = seed_ids['user_ids']
    params = {
        'seed': seed_ids['order_id'], 'prefix': PREFIX, 'users': users, 'nusers': len(users),
        'my_orders': my_orders, 'factories': seed_ids['factory_ids'], 'nfactories': len(seed_ids['factory_ids']),
        'stages': stage_ids, 'open_stages': [sid for sid, closed, dummy in stages if not closed],
        'closed_stages': [sid for sid, closed, dummy in stages if closed],
        'confirmation_pos': next(i for i, (sid, dummy, confirm) in enumerate(stages) if confirm),
        'shipped_of_20': int(round(20 * shipped)),
    }
    params['nopen'], params['nclosed'] = len(params['open_stages']), len(params['closed_stages'])
    # k = merchandiser u + 20 r: each merchandiser's orders r spread over
    # shipped and open, the stages and the health alike at every size.
    is_shipped = 'mod(g.k / %(nusers)s, 20) < %(shipped_of_20)s'
    copy_orders(cr, params, {
        'user_id': MERCHANDISER, 'merchandiser_id': MERCHANDISER, 'client_order_ref': "'PO-' || g.k",
        # The open ones evenly over the open stages (r mod 20 above the shipped share, in turn).
        'merch_stage_id': """CASE WHEN %s THEN (%%(closed_stages)s::int[])[1 + mod(g.k / %%(nusers)s, %%(nclosed)s)]
                             ELSE (%%(open_stages)s::int[])[1 + mod(mod(g.k / %%(nusers)s, 20) - %%(shipped_of_20)s,
                                                                 %%(nopen)s)] END""" % is_shipped,
        'ex_factory_date': """CASE WHEN %s THEN current_date - (15 + mod(g.k * 7, 720))
                              ELSE current_date + mod(g.k * 7, 180) - 20 END""" % is_shipped,
        'amount_untaxed': 'seed.amount_untaxed * %d' % LINES, 'amount_total': 'seed.amount_total * %d' % LINES,
        'amount_tax': 'seed.amount_tax * %d' % LINES,
    }, size)
    cr.execute("""
        CREATE TEMP TABLE bench_order ON COMMIT DROP AS
        SELECT o.id, x.k, o.merchandiser_id, o.ex_factory_date, o.merch_stage_id,
               array_position(%(stages)s::int[], o.merch_stage_id) - 1 AS pos,
               mod(x.k / %(nusers)s, 20) < %(shipped_of_20)s AS shipped,
               mod(x.k / %(nusers)s * 3 + x.k, 10) AS h,
               CASE WHEN mod(x.k / %(nusers)s, 20) < %(shipped_of_20)s AND mod(x.k / 3, 5) = 0
                    THEN 1 + mod(x.k, 4) END AS late_by
        FROM sale_order o CROSS JOIN LATERAL (SELECT substr(o.name, length(%(prefix)s) + 1)::int - 1 AS k) x
        WHERE o.name LIKE %(prefix)s || '%%'""", params)
    # The states and dates that follow from the stage and the ex-factory date;
    # the promise 4 days after ex-factory at 02:00 UTC (the same day in UTC and
    # in Shanghai), or missed by 1-5 days (late_by 1-4: a milestone, a sample,
    # customs, nothing recorded).
    cr.execute("""
        UPDATE sale_order o SET
            state = CASE WHEN p.pos < %(confirmation_pos)s THEN 'draft' ELSE 'sale' END,
            date_order = (p.ex_factory_date - CASE WHEN p.pos < %(confirmation_pos)s THEN 75 ELSE 60 END)::timestamp,
            merch_stage_date = (p.ex_factory_date - 75 + 6 * p.pos)::timestamp,
            merch_ship_date = CASE WHEN p.shipped THEN p.ex_factory_date + mod(p.k, 5) END,
            merch_atd = CASE WHEN p.shipped THEN p.ex_factory_date + mod(p.k, 5) END,
            merch_customs_state = CASE WHEN p.shipped THEN 'closed' ELSE 'none' END,
            merch_customs_released_date = CASE WHEN p.shipped THEN
                p.ex_factory_date + CASE WHEN p.late_by = 3 THEN 2 ELSE -1 END END,
            commitment_date = (CASE WHEN p.late_by IS NULL THEN p.ex_factory_date + 4
                                    ELSE p.ex_factory_date + mod(p.k, 5) - 1 - mod(p.k / 7, 5) END
                              )::timestamp + interval '2 hours',
            forecast_ship_date = CASE WHEN p.pos < %(confirmation_pos)s THEN NULL
                                      ELSE p.ex_factory_date + CASE p.h WHEN 0 THEN 12 WHEN 1 THEN 3
                                                                       WHEN 2 THEN 2 ELSE 0 END END,
            delay_days = CASE WHEN p.shipped THEN 0 WHEN p.h = 0 THEN 12 WHEN p.h = 1 THEN 3 WHEN p.h = 2 THEN 2
                              ELSE 0 END,
            merch_health = CASE WHEN p.pos < %(confirmation_pos)s THEN NULL WHEN p.shipped THEN 'on_track'
                                WHEN p.h = 0 THEN 'late' WHEN p.h IN (1, 2) THEN 'at_risk' ELSE 'on_track' END
        FROM bench_order p WHERE p.id = o.id""", params)
    counts = {}
    counts['lines'] = copy_rows(
        cr, 'sale_order_line', """bench_order p CROSS JOIN generate_series(1, %d) AS g(n)
        JOIN LATERAL (SELECT * FROM sale_order_line WHERE order_id = %%(seed)s ORDER BY id LIMIT 1) seed ON true"""
        % LINES, {'order_id': 'p.id', 'sequence': 'g.n * 10', 'salesman_id': 'p.merchandiser_id',
                  'state': "CASE WHEN p.pos < %(confirmation_pos)s THEN 'draft' ELSE 'sale' END"}, params)
    # The seed's plan, dated back from the order's ex-factory date; done when
    # shipped or past. Quotations have none yet.
    cr.execute("SELECT ex_factory_date FROM sale_order WHERE id = %(seed)s", params)
    params['seed_ex_factory'] = cr.fetchone()[0]
    planned = "p.ex_factory_date + (seed.planned_date - %(seed_ex_factory)s::date)"
    past = "(p.shipped OR %s < current_date)" % planned
    counts['milestones'] = copy_rows(
        cr, 'merchandising_milestone', """bench_order p CROSS JOIN merchandising_milestone seed
        WHERE seed.order_id = %(seed)s AND p.pos >= %(confirmation_pos)s ORDER BY p.k, seed.sequence, seed.id""", {
            'order_id': 'p.id', 'merchandiser_id': 'p.merchandiser_id',
            'user_id': 'CASE WHEN mod(seed.sequence, 3) = 2 THEN NULL ELSE p.merchandiser_id END',
            'partner_id': '(%(factories)s::int[])[1 + mod(p.k * 7 + seed.sequence, %(nfactories)s)]',
            'planned_date': planned, 'revised_date': 'NULL', 'due_date': planned,
            'actual_date': 'CASE WHEN %s THEN %s END' % (past, planned),
            'state': "CASE WHEN %s THEN 'done' ELSE 'pending' END" % past,
        }, params)
    counts['dependencies'] = copy_dependencies(cr, params)
    # Late by a milestone (and a seventh of the others, late but caught up):
    # the middle critical step finished 4 days after its planned date.
    # (The production finish: on the standard network's critical path.)
    cr.execute("""SELECT m.sequence FROM merchandising_milestone m
                  JOIN ir_model_data d ON d.model = 'merchandising.milestone.template.line' AND d.res_id = m.template_line_id
                  WHERE m.order_id = %(seed)s AND d.module = 'merchandising'
                    AND d.name = 'milestone_template_line_production_finish'""", params)
    params['late_sequence'] = cr.fetchone()[0]
    cr.execute("""
        UPDATE merchandising_milestone m SET actual_date = m.planned_date + 4 FROM bench_order p
        WHERE m.order_id = p.id AND p.shipped AND (p.late_by = 1 OR (p.late_by IS NULL AND mod(p.k, 7) = 0))
          AND m.sequence = %(late_sequence)s""", params)
    # The seed's samples, approved for the shipped orders (5 days late for
    # the orders late by a sample).
    due = 'p.ex_factory_date - 60 + mod(seed.id, 20)'
    counts['samples'] = copy_rows(
        cr, 'merchandising_sample', 'bench_order p CROSS JOIN merchandising_sample seed WHERE seed.order_id = %(seed)s', {
            'order_id': 'p.id', 'merchandiser_id': 'p.merchandiser_id', 'name': "'SMP/BENCH/' || p.k || '/' || seed.id",
            'access_token': "md5(p.k || '-' || seed.id)", 'date_due': due,
            'state': "CASE WHEN p.shipped THEN 'approved' ELSE seed.state END",
            'date_decided': "CASE WHEN p.shipped THEN %s + CASE WHEN p.late_by = 2 THEN 5 ELSE -2 END END" % due,
            'previous_round_id': 'NULL',
        }, params)
    # A history line per stage up to the current one, six days each.
    counts['history'] = copy_rows(
        cr, 'merchandising_stage_history', """bench_order p
        CROSS JOIN generate_series(0, array_length(%(stages)s::int[], 1) - 1) AS s(i)
        JOIN LATERAL (SELECT * FROM merchandising_stage_history WHERE order_id = %(seed)s ORDER BY id LIMIT 1) seed
             ON true WHERE s.i <= p.pos""", {
            'order_id': 'p.id', 'stage_id': '(%(stages)s::int[])[s.i + 1]', 'user_id': 'p.merchandiser_id',
            'date_in': '(p.ex_factory_date - 75 + 6 * s.i)::timestamp',
            'date_out': 'CASE WHEN s.i < p.pos THEN (p.ex_factory_date - 75 + 6 * (s.i + 1))::timestamp END',
        }, params)
    # A to-do on every fifth open order (the cards show them).
    counts['activities'] = copy_activities(
        cr, params, seed_ids['order_activity_id'],
        '(SELECT * FROM bench_order WHERE NOT shipped AND mod(h, 5) = 0) p',
        'p.id', 'current_date + mod(p.k, 11) - 5', 'p.merchandiser_id')
    # Followers: the merchandiser and the customer (the record rules look them up).
    cr.execute("""
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT DISTINCT 'sale.order', p.id, x.partner_id
        FROM bench_order p JOIN sale_order o ON o.id = p.id JOIN res_users u ON u.id = p.merchandiser_id
        CROSS JOIN LATERAL (VALUES (u.partner_id), (o.partner_id)) AS x(partner_id)""")
    counts['followers'] = cr.rowcount
    cr.execute("SELECT count(*) FROM bench_order WHERE shipped")
    counts['shipped_orders'] = cr.fetchone()[0]
    cr.execute('DROP TABLE bench_order')
    # The forecasts, slacks and critical paths, and the orders' forecast
    # ship dates and health, as the addon computes them on these dates and
    # links (the seed's plan is skipped: its copies would have none).
    env.invalidate_all()
    planned = env['sale.order'].search([('name', '=like', PREFIX + '%'), ('state', '=', 'sale')])
    env['merchandising.milestone'].with_context(tracking_disable=True)._refresh_forecasts(planned)
    env.flush_all()
    cr.execute("""SELECT merch_health, count(*) FROM sale_order WHERE id IN %s GROUP BY merch_health
                  ORDER BY merch_health""", [tuple(planned.ids)])
    counts['health'] = dict(cr.fetchall())
    return counts
