"""Helpers shared by the addon's models."""


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
