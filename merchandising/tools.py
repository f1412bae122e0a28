"""Helpers shared by the addon's models."""
from contextlib import contextmanager

from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# The guarded fields: what the gates, the on-time report and the customer
# trust. Each changes only through its model's transition methods, which
# write past the model's own ``write``; a ``create``, ``write`` or import
# (``load``) that sets one any other way is refused, whatever its context.
# {model: {field: (the value a record may be created with — None: any —,
# what to do instead)}}. The README's Design section lists them.
GUARDED_FIELDS = {
    'merchandising.sample': {
        'state': ('draft', _lt(
            "move it with the sample's buttons (Request, Start Making, Mark Sent, Received by "
            "Customer, Cancel); only the customer's decision approves or rejects it: Approve or "
            "Reject, or the customer in the portal")),
    },
    'merchandising.milestone': {
        'state': ('pending', _lt(
            "enter the Actual date (it marks the milestone done), or use Done, Skip or Reopen")),
        'planned_date': (None, _lt(
            "the planned date is the approved plan: enter the factory's new promise as the "
            "Revised date, or re-plan the order (Re-plan, with a reason)")),
    },
    'merchandising.shipping.document': {
        'state': ('missing', _lt("use the document's buttons: Received, then Approved")),
    },
    'merchandising.costing': {
        'state': ('draft', _lt(
            "apply the sheet to its quotation line (Apply to Quotation); a new version (New Version) "
            "supersedes it")),
    },
    'sale.order': {
        'merch_customs_state': ('none', _lt(
            "use the customs buttons (Prepared, Declared, Released, Customs Closed); a "
            "merchandising manager sets it back with Reset Customs Status and a reason")),
    },
}


def _refuse_guarded(records, fname, record_name):
    env = records.env
    hint = GUARDED_FIELDS[records._name][fname][1]
    raise UserError(env._(
        "%(record)s: %(field)s cannot be set directly: %(how)s.",
        record=record_name, field=records._fields[fname]._description_string(env),
        how=hint._translate(env.lang)))


def check_guarded_create(model, vals_list):
    """Refuse creating records past the first value of a guarded field."""
    for fname, (initial, dummy) in GUARDED_FIELDS[model._name].items():
        for vals in vals_list:
            if initial is not None and vals.get(fname, initial) != initial:
                _refuse_guarded(model, fname, vals.get('name') or model._description)


def check_guarded_write(records, vals):
    """Refuse a write that changes a guarded field of ``records`` (writing
    the value a record already has changes nothing and passes: an import of
    exported rows)."""
    for fname in GUARDED_FIELDS[records._name].keys() & vals.keys():
        new = records._fields[fname].convert_to_record(
            records._fields[fname].convert_to_cache(vals[fname], records), records)
        changed = records.filtered(lambda record: record[fname] != new)
        if changed:
            _refuse_guarded(records, fname, changed[0].display_name)


# Where the guard of a field is lifted for the rest of a block: a set of
# (model, field) in the cursor's own cache, which no request, context or
# import can reach; only the model's own path (a wizard's method, a state
# transition) opens it, and around its own write only.
LIFTED_KEY = 'merchandising.guard_lifted'


@contextmanager
def guard_lifted(records, *fnames):
    """Within the block, ``records``' model may write the guarded
    ``fnames`` (through its whole ``write``, every override included)."""
    lifted = records.env.cr.cache.setdefault(LIFTED_KEY, set())
    keys = {(records._name, fname) for fname in fnames} - lifted
    lifted |= keys
    try:
        yield records
    finally:
        lifted -= keys


def is_guard_lifted(records, fname):
    return (records._name, fname) in records.env.cr.cache.get(LIFTED_KEY, ())


def lock_rows_nowait(records):
    """Lock the records' rows for the rest of the transaction, or fail at once.

    Two users acting on the same record at the same moment (moving an order,
    completing a milestone): the second gets PostgreSQL's lock_not_available,
    which Odoo's RPC layer retries on fresh data, instead of waiting for the
    first and then writing a second time from a stale view. (Odoo 18.0 has no
    ORM call for a row lock.)"""
    if records.ids:
        records.env.cr.execute(SQL("SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                                   SQL.identifier(records._table), tuple(records.ids)))


def mail_composer_action(records, template, **context):
    """The e-mail composer on ``records`` with ``template``, ready to edit and
    send from their chatter (as e-mail, whatever the partners' settings)."""
    return {
        'type': 'ir.actions.act_window',
        'res_model': 'mail.compose.message',
        'view_mode': 'form',
        'views': [(False, 'form')],
        'target': 'new',
        'context': {
            'default_model': records._name,
            'default_res_ids': records.ids,
            'default_template_id': template.id if template else False,
            'default_composition_mode': 'comment',
            'force_email': True,
            **context,
        },
    }


def find_cycle(edges):
    """A cycle of the directed graph ``edges`` ({node: its predecessors}) as
    the list of its nodes, the first one repeated at the end, or None."""
    state = {}  # node: 1 while on the path being walked, 2 once cleared

    def walk(node, path):
        state[node] = 1
        path.append(node)
        for previous in edges.get(node, ()):
            if state.get(previous) == 1:
                return path[path.index(previous):] + [previous]
            if previous not in state:
                cycle = walk(previous, path)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in list(edges):
        if node not in state:
            cycle = walk(node, [])
            if cycle:
                return cycle
    return None


def check_acyclic(milestones, plan):
    """Refuse a plan (or template) whose milestones ``milestones`` wait for
    each other in a circle, naming the circle in the order it runs."""
    cycle = find_cycle({milestone.id: milestone.dependency_ids.predecessor_id.ids for milestone in milestones})
    if cycle:
        names = {milestone.id: milestone.name for milestone in milestones}
        raise ValidationError(milestones.env._(
            "%(plan)s: the milestones wait for each other in a circle: %(cycle)s. Remove one of "
            "these predecessors.", plan=plan, cycle=' → '.join(names.get(node, '?') for node in reversed(cycle))))



@contextmanager
def computing_the_waiting(records, field_name):
    """In a compute method of a stored field: yield ``records`` with the
    saved records still waiting for the same computation, to compute in one
    pass. The ORM recomputes 1,000 records at a time; a computation that
    reads a whole plan (or all of an order's milestones) reads in one query
    for all of them instead of one per 1,000 (at 20,000 orders: 21 queries).
    As the ORM does for its batch: the others are marked computed first (so
    that reading their old values does not compute them again) and marked
    back on an error; assigning their values is allowed."""
    env = records.env
    fields_ = records.pool.field_computed[records._fields[field_name]]
    waiting = env.records_to_compute(records._fields[field_name])
    waiting = records.browse([id_ for id_ in waiting._ids if isinstance(id_, int)]) - records
    for field in fields_:
        env.remove_to_compute(field, waiting)
    try:
        with env.protecting(fields_, waiting):
            yield records | waiting
    except Exception:
        for field in fields_:
            env.add_to_compute(field, waiting)
        raise
