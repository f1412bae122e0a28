from odoo import SUPERUSER_ID, api


def place_existing_orders(cr, registry):
    """Give the orders that existed before the addon a place in the pipeline.

    Quotations and cancelled orders start in the first stage, confirmed and
    locked ones in the confirmation stage; their merchandiser is their
    salesperson and their history starts on the date they reached that state.
    Done in SQL: a database may hold years of orders. Bypassing the ORM's
    record rules is fine here: the hook runs once, as superuser, at install,
    on every order of every company by design.
    """
    env = api.Environment(cr, SUPERUSER_ID, {})
    stages = env['merchandising.stage'].search([('company_id', '=', False)])
    if not stages:
        return
    first = stages[0]
    confirmed = stages.filtered('is_confirmation_stage')[:1] or first
    cr.execute("""
        WITH existing AS (
            SELECT so.id,
                   CASE WHEN so.state IN ('sale', 'done') THEN %(confirmed)s ELSE %(first)s END AS stage_id,
                   CASE WHEN so.state IN ('sale', 'done') THEN COALESCE(so.confirmation_date, so.date_order)
                        ELSE so.date_order END AS since
              FROM sale_order so
             WHERE NOT EXISTS (SELECT 1 FROM merchandising_stage_history h WHERE h.order_id = so.id)
        ), placed AS (
            UPDATE sale_order so
               SET merch_stage_id = existing.stage_id,
                   merch_stage_date = existing.since,
                   merchandiser_id = COALESCE(so.merchandiser_id, so.user_id)
              FROM existing
             WHERE so.id = existing.id
         RETURNING so.id, existing.stage_id, existing.since, so.company_id
        )
        INSERT INTO merchandising_stage_history
               (order_id, stage_id, date_in, user_id, company_id,
                create_uid, create_date, write_uid, write_date)
        SELECT id, stage_id, since, %(uid)s, company_id,
               %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
          FROM placed
    """, {'first': first.id, 'confirmed': confirmed.id, 'uid': SUPERUSER_ID})
    env['sale.order'].invalidate_cache()


def remove_merchandising_activities(cr, registry):
    """Before uninstalling: delete the to-dos of the addon's own records.

    Odoo 11 drops the addon's columns (res.partner's shipping marks among
    them) before it deletes the addon's models, with the old registry still
    loaded. Deleting merchandising.milestone then recomputes the stored
    `res_model` of the activities pointing at that model, which reads the
    current user's partner with the dropped column and aborts the uninstall.
    The to-dos go with their milestones and samples anyway.
    """
    cr.execute("DELETE FROM mail_activity WHERE res_model LIKE %s", ['merchandising.%'])
