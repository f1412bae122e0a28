from odoo import fields, models


class MerchandisingTnaReplan(models.TransientModel):
    """Re-plan an order's T&A from its ex-factory date, saying why: the reason
    goes into the order's chatter with who re-planned and when."""

    _name = 'merchandising.tna.replan'
    _description = 'Re-plan a T&A'

    order_id = fields.Many2one('sale.order', required=True, ondelete='cascade')
    ex_factory_date = fields.Date(related='order_id.ex_factory_date')
    reason_id = fields.Many2one(
        'merchandising.delay.reason', required=True,
        help="Why the plan changes (the customer moved the delivery date, the factory lost a "
             "week...): kept with every moved date and in the order's chatter.")
    note = fields.Text(help="What else to know: kept with the reason.")
    clear_revised = fields.Boolean(
        'Clear Promised Dates',
        help="Forget the dates the factories promised (revised dates) of the open "
             "milestones: they start again from the new plan.")

    def action_replan(self):
        self.ensure_one()
        self.order_id.action_replan(self.reason_id, keep_revised=not self.clear_revised, note=self.note)
        return {'type': 'ir.actions.act_window_close'}
