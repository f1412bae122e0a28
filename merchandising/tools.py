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
