"""Helpers shared by the addon's models."""
from odoo import models


def lock_rows_nowait(records):
    """Lock the records' rows for the rest of the transaction, or fail at once.

    Two users acting on the same record at the same moment (moving an order,
    completing a milestone): the second gets PostgreSQL's lock_not_available
    (or, when the first has already committed, its serialization failure),
    which Odoo's RPC layer retries on fresh data, instead of waiting for the
    first and then writing a second time from a stale view."""
    if records.ids:
        records.env.cr.execute('SELECT id FROM "%s" WHERE id IN %%s FOR UPDATE NOWAIT' % records._table,
                               (tuple(records.ids),))


def create_in_one_insert(model, values_list):
    """Create records of ``model`` (a list of create values) in one INSERT and
    return them — for the lines a confirmation adds to every order (its T&A
    plan, its document checklist), on the hot path of the sales flow.

    Through create, each record costs several queries and milliseconds of
    Python (defaults, stored related and computed fields, constraints). The
    rows get what create gives them: the defaults, the stored related and
    computed fields (computed by their own definitions, on a draft record),
    the log columns; access is checked as create checks it; what depends on
    them (their parent's one2many, its computed fields) is recomputed. Not
    done: Python constraints (the callers' values are valid by construction),
    mail's "created" note and followers (none wanted on these lines), binary
    columns and values of non-stored fields."""
    if not values_list:
        return model.browse()
    model.check_access_rights('create')
    defaults = model.default_get([name for name, field in model._fields.items() if field.store])
    columns = [name for name, field in model._fields.items()
               if field.store and field.column_type and name not in models.MAGIC_COLUMNS]
    rows = []
    for values in values_list:
        draft = model.new(dict(defaults, **values))
        rows.append([model._fields[name].convert_to_column(
            model._fields[name].convert_to_write(draft[name], draft), draft) for name in columns])
    # Odoo 11 stores its log dates as UTC timestamps without time zone.
    model.env.cr.execute("""
        INSERT INTO "%s" (%s, create_uid, create_date, write_uid, write_date)
        VALUES %s RETURNING id""" % (
            model._table, ', '.join('"%s"' % name for name in columns),
            ', '.join(["(%s, %%s, now() at time zone 'UTC', %%s, now() at time zone 'UTC')"
                       % ', '.join(['%s'] * len(columns))] * len(rows))),
        [value for row in rows for value in row + [model.env.uid, model.env.uid]])
    records = model.browse([row[0] for row in model.env.cr.fetchall()])
    records.check_access_rule('create')
    # As create does, but their own computed fields are already right.
    computed = [field for field in model._fields.values() if field.store and field.compute]
    with model.env.protecting(computed, records):
        records.modified(columns)
    if model.env.recompute and model._context.get('recompute', True):
        model.recompute()
    return records
