"""Opening one sale order's form as a merchandiser, like Odoo 11's web
client: `read` of every field of the form view (the order's own, the
computed ones, the one2many lists' ids), then, for each one2many or
many2many of the form, `read` of its first page (40 records, the 11.0 page
size of a list in a form) with the fields of its list view, and of the
display name of the many2many tags inside those lists (the lines' taxes).

Two orders made through the ORM (found again on later runs): one with the
plan of the standard T&A template, one sample and one container ("few"), one with --many
milestones, samples, containers and every document type ("many"). Target:
the same number of queries for both.
"""
import sys

NAME = 'form'
HELP = "the order form read (T&A, samples, customs tabs) for an order with few and one with many milestones/samples"

FEW_REF, MANY_REF = 'BENCH-FORM-FEW', 'BENCH-FORM-MANY'
PAGE = 40  # web/static/src/js/views/abstract_view.js: a list in a form shows 40 records


def add_arguments(parser):
    parser.add_argument('--many', type=int, default=60,
                        help="milestones of the large order; half as many samples, a tenth as many containers "
                             "(default: 60)")


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def ensure_orders(env, many):
    import scenario_chase
    from odoo.addons.merchandising.models.merchandising_container import iso6346_check_digit
    seed = scenario_chase.ensure_seed(env)
    ctx = dict(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
    Order = env['sale.order'].with_context(ctx)
    seed_order = Order.browse(seed['order_id'])
    orders = {}
    for ref in (FEW_REF, MANY_REF):
        order = Order.search([('client_order_ref', '=', ref)], limit=1)
        if not order:
            log('Creating the order %s through the ORM' % ref)
            order = Order.create({
                'partner_id': seed_order.partner_id.id, 'client_order_ref': ref,
                'user_id': seed['user_ids'][0], 'merchandiser_id': seed['user_ids'][0],
                'ex_factory_date': seed_order.ex_factory_date,
                'order_line': [(0, 0, {'product_id': line.product_id.id, 'product_uom_qty': 100 * (n + 1),
                                       'price_unit': 5.0}) for n, line in enumerate(seed_order.order_line)],
            })
            order.action_confirm()
            types = env['merchandising.sample.type'].search([])
            Sample = env['merchandising.sample'].with_context(ctx)
            Sample.create({'order_id': order.id, 'type_id': types[0].id})
            if ref == MANY_REF:
                Milestone = env['merchandising.milestone'].with_context(ctx)
                plan = order.merch_milestone_ids
                for n in range(many - len(plan)):
                    template = plan[n % len(plan)]
                    Milestone.create({'order_id': order.id, 'name': '%s (%d)' % (template.name, n + 2),
                                      'sequence': template.sequence + 1, 'planned_date': template.planned_date,
                                      'partner_id': seed['factory_ids'][n % len(seed['factory_ids'])],
                                      'is_critical': n % 2 == 0})
                for n in range(many // 2 - 1):
                    Sample.create({'order_id': order.id, 'type_id': types[(n + 1) % len(types)].id})
                for n in range(max(1, many // 10) - 1):
                    number = 'BENU%06d' % (n + 1)
                    env['merchandising.container'].create({
                        'order_id': order.id, 'name': number + str(iso6346_check_digit(number)),
                        'container_type': '40hq', 'packages': 100, 'gross_weight': 1000.0, 'volume': 60.0})
                listed = order.merch_document_ids.mapped('type_id')
                missing = env['merchandising.document.type'].search([]) - listed
                order.write({'merch_document_ids': [(0, 0, {'type_id': t.id}) for t in missing]})
        unassigned = order.merch_milestone_ids.filtered(lambda m: not m.partner_id)
        for n, milestone in enumerate(unassigned):
            # Each milestone has its factory, on both orders (the list reads their names).
            milestone.partner_id = seed['factory_ids'][n % len(seed['factory_ids'])]
        if not order.merch_container_ids:
            # Every list of the form has something to read, on both orders.
            number = 'BENU%06d' % 999999
            env['merchandising.container'].create({
                'order_id': order.id, 'name': number + str(iso6346_check_digit(number)),
                'container_type': '40hq', 'packages': 100, 'gross_weight': 1000.0, 'volume': 60.0})
        orders[ref] = order.id
    return seed, orders


def sizes(env, order_id):
    order = env['sale.order'].browse(order_id)
    return {'milestones': len(order.merch_milestone_ids), 'samples': len(order.merch_sample_ids),
            'containers': len(order.merch_container_ids), 'documents': len(order.merch_document_ids),
            'lines': len(order.order_line), 'history': len(order.merch_stage_history_ids)}


def make_action(uid, order_id, form):
    def open_form(env):
        Order = env['sale.order'].sudo(uid)
        record = Order.browse(order_id).read(list(form))[0]
        for name, info in form.items():
            if info['type'] not in ('one2many', 'many2many') or not record[name]:
                continue
            comodel = env[info['relation']].sudo(uid)
            ids = record[name][:PAGE]
            sub = info.get('views', {}).get('tree', {}).get('fields')
            if not sub:
                # many2many_tags and the like: the names only.
                comodel.browse(ids).read(['display_name'])
                continue
            rows = comodel.browse(ids).read(list(sub))
            for subname, subinfo in sub.items():
                if subinfo['type'] in ('one2many', 'many2many'):
                    tag_ids = sorted({i for row in rows for i in row[subname]})
                    if tag_ids:
                        env[subinfo['relation']].sudo(uid).browse(tag_ids).read(['display_name'])
    return open_form


def run(bench, args):
    with bench.env(commit=True) as env:
        seed, orders = ensure_orders(env, args.many)
    uid = seed['user_ids'][0]
    with bench.env() as env:
        form = env['sale.order'].sudo(uid).fields_view_get(view_type='form')['fields']
        counts = {ref: sizes(env, order_id) for ref, order_id in orders.items()}
    rows, data = [], {'form_fields': len(form), 'orders': {}}
    for ref, label in ((FEW_REF, 'few'), (MANY_REF, 'many')):
        log('Measuring the form of the order with %s milestones and samples (%s)' % (label, counts[ref]))
        action = make_action(uid, orders[ref], form)
        figures = bench.measure(action, runs=args.runs, warmup=args.warmup)
        entry = {'counts': counts[ref], 'figures': figures}
        if args.profile:
            entry['profile'] = bench.profile(action, 'form-%s' % label)
        data['orders'][label] = entry
        c = counts[ref]
        rows.append([label, c['milestones'], c['samples'], c['containers'], c['documents'],
                     '%.1f' % (1000 * figures['median_s']),
                     '%.1f–%.1f' % (1000 * figures['min_s'], 1000 * figures['max_s']),
                     figures['queries'] if figures['queries_min'] == figures['queries_max']
                     else '%d (%d-%d)' % (figures['queries'], figures['queries_min'], figures['queries_max'])])
    few, many = data['orders']['few']['figures'], data['orders']['many']['figures']
    data['queries_constant'] = few['queries'] == many['queries']
    notes = ['\nSQL queries, many / few: %d / %d (target: the same): %s' % (
        many['queries'], few['queries'], 'holds' if data['queries_constant'] else 'MISSED'),
        'The form has %d fields; each sub-list reads its first %d records, as the web client does.'
        % (len(form), PAGE)]
    targets = [['form read: queries, many / few', '%d / %d' % (many['queries'], few['queries']), 'the same',
                'yes' if data['queries_constant'] else 'no']]
    return {'targets': targets,
            'columns': ['order', 'milestones', 'samples', 'containers', 'documents', 'ms (median)', 'min–max ms',
                        'SQL queries'],
            'rows': rows, 'notes': notes, 'data': data}
