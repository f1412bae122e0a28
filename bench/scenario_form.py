"""Opening a sale order's form as a merchandiser, as the 18.0 web client does:
one web_read with the form's field specification (webclient.py: every field
of the form, the first 40 rows of each list in it with their list's fields,
the names of the many2one and many2many_tags), for an order with the
standard T&A plan, one sample and one container ("few"), one with --many
more milestones, half as many samples, a tenth as many containers and every
document type ("many"), and one with five times as many ("most"), made
through the ORM (found again on later runs). Target: the same number of
queries for all.
"""
import sys

import dataset
import webclient
from odoo import Command

NAME = 'form'
HELP = "the order form's web_read for orders with few, many and most milestones and samples"


def add_arguments(parser):
    parser.add_argument('--many', type=int, default=60,
                        help="milestones added to the standard plan of the large order; half as many samples, a "
                             "tenth as many containers; five times as many for the largest (default: 60)")
    # Loads of a few milliseconds: more warm-up runs (the first ones of a process pay Odoo's
    # and PostgreSQL's caches) and more runs.
    parser.set_defaults(warmup=3, runs=5)


def log(message):
    print('==> %s' % message, file=sys.stderr, flush=True)


def container(env, order, number):
    from odoo.addons.merchandising.models.merchandising_container import iso6346_check_digit
    name = 'BENU%06d' % number
    env['merchandising.container'].create({'order_id': order.id, 'name': name + str(iso6346_check_digit(name)),
                                           'container_type': '40hq', 'packages': 100, 'gross_weight': 1000.0,
                                           'volume': 60.0})


def kinds(many):
    """(label, client reference, extra milestones, samples, containers, every document type)"""
    return [('few', 'BENCH-FORM-FEW', 0, 1, 1, False),
            ('many', 'BENCH-FORM-MANY-%d' % many, many, many // 2, max(1, many // 10), True),
            ('most', 'BENCH-FORM-MOST-%d' % (5 * many), 5 * many, 5 * many // 2, max(1, many // 2), True)]


def ensure_orders(env, seed, many):
    """The orders of ``kinds``, made through the ORM (found again later):
    the standard plan, plus ``extra`` milestones."""
    env = env(context=dict(env.context, **dataset.NO_MAIL))
    seed_order = env['sale.order'].browse(seed['order_id'])
    types = env['merchandising.sample.type'].search([])
    factories = seed['factory_ids']
    orders = {}
    for label, ref, extra, samples, containers, documents in kinds(many):
        order = env['sale.order'].search([('client_order_ref', '=', ref)], limit=1)
        if not order:
            log('Creating the order %s through the ORM' % ref)
            order = env['sale.order'].create({
                'partner_id': seed['customer_id'], 'client_order_ref': ref, 'user_id': seed['user_ids'][0],
                'ex_factory_date': seed_order.ex_factory_date,
                'order_line': [Command.create({'product_id': line.product_id.id, 'product_uom_qty': 100,
                                               'price_unit': 5.0}) for line in seed_order.order_line],
            })
            order.action_confirm()
            plan = order.merch_milestone_ids
            plan.filtered(lambda m: not m.partner_id).write({'partner_id': factories[0]})
            env['merchandising.milestone'].create([{
                'order_id': order.id, 'name': '%s (%d)' % (plan[n % len(plan)].name, n + 2),
                'sequence': plan[n % len(plan)].sequence + 1, 'planned_date': plan[n % len(plan)].planned_date,
                'partner_id': factories[n % len(factories)], 'is_critical': n % 2 == 0,
            } for n in range(extra)])
            env['merchandising.sample'].create([{'order_id': order.id, 'type_id': types[n % len(types)].id}
                                                for n in range(samples)])
            for n in range(containers):
                container(env, order, 1000 * len(orders) + n + 1)
            if documents:
                missing = env['merchandising.document.type'].search([]) - order.merch_document_ids.type_id
                order.write({'merch_document_ids': [Command.create({'type_id': t.id}) for t in missing]})
        orders[label] = order.id
    return orders


def counts(env, order_id):
    order = env['sale.order'].browse(order_id)
    return {'milestones': len(order.merch_milestone_ids), 'samples': len(order.merch_sample_ids),
            'containers': len(order.merch_container_ids), 'documents': len(order.merch_document_ids),
            'lines': len(order.order_line), 'history': len(order.merch_stage_history_ids)}


def run(bench, args):
    with bench.env(commit=True) as env:
        seed = dataset.seed(env)
        orders = ensure_orders(env, seed, args.many)
    uid = seed['user_ids'][0]
    with bench.env() as env:
        user = env['res.users'].browse(uid)
        context = webclient.user_context(user)
        spec = webclient.Views(env['sale.order'].with_user(user).with_context(context)).specification(
            False, 'form', webclient.eval_context_of(context))[0]
        sizes = {label: counts(env, order_id) for label, order_id in orders.items()}
    rows, data = [], {'form_fields': len(spec), 'spec': spec, 'orders': {}}
    for label, order_id in orders.items():
        def open_form(env, order_id=order_id):
            webclient.load_form(env['sale.order'].with_user(uid).browse(order_id), spec, context)
        log('Measuring the form of the order with %s (%s)' % (label, sizes[label]))
        figures = bench.measure(open_form, runs=args.runs, warmup=args.warmup)
        entry = {'counts': sizes[label], 'figures': figures}
        if args.profile:
            entry['profile'] = bench.profile(open_form, 'form-%s' % label)
        data['orders'][label] = entry
        c = sizes[label]
        rows.append([label, c['milestones'], c['samples'], c['containers'], c['documents'],
                     '%.1f' % (1000 * figures['median_s']),
                     '%.1f-%.1f' % (1000 * figures['min_s'], 1000 * figures['max_s']), bench.queries_cell(figures)])
    queries = [entry['figures']['queries'] for entry in data['orders'].values()]
    same = len(set(queries)) == 1
    return {'columns': ['order', 'milestones', 'samples', 'containers', 'documents', 'ms (median)', 'min-max ms',
                        'queries'],
            'rows': rows, 'data': data,
            'notes': ['\nThe form reads %d fields of the order; each list in it its first %d rows.'
                      % (len(spec), webclient.SUBLIST_LIMIT)],
            'targets': [['form web_read: queries, %s' % ' / '.join(data['orders']), ' / '.join(map(str, queries)),
                         'the same', 'yes' if same else 'no']]}
