def place_existing_orders(env):
    """Give the orders that existed before the addon a place in the pipeline.

    Quotations and cancelled orders start in the first stage, confirmed ones in
    the confirmation stage; their merchandiser is their salesperson (the
    field's own compute, at install) and they are in that stage since the date
    they reached that state (``date_order``, the confirmation date once
    confirmed), as their stage history says.
    """
    stages = env['merchandising.stage'].search([('company_id', '=', False)])
    if not stages:
        return
    first = stages[0]
    confirmed = stages.filtered('is_confirmation_stage')[:1] or first
    orders = env['sale.order'].with_context(active_test=False, tracking_disable=True).search(
        [('merch_stage_history_ids', '=', False)])
    for is_confirmed, group in orders.grouped(lambda order: order.state == 'sale').items():
        # Through the stage's own path: gates, then the history line.
        group.write({'merch_stage_id': (confirmed if is_confirmed else first).id})
    for since, group in orders.grouped('date_order').items():
        group.write({'merch_stage_date': since})
        group.merch_stage_history_ids.write({'date_in': since})
