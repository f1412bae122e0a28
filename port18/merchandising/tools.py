"""Helpers shared by the addon's models."""
from odoo.tools import SQL


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
