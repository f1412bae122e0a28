from odoo import fields, models


class MerchandisingRequirementCheck(models.Model):
    """A line of an order's checklist: one requirement of the customer's
    file, ticked by the merchandiser once the order meets it (who and when
    kept). An unticked line stops the order before the requirement's
    stage."""

    _name = 'merchandising.requirement.check'
    _description = "Order's Requirement Check"
    _order = 'order_id, sequence, id'

    order_id = fields.Many2one('sale.order', required=True, index=True, ondelete='cascade')
    requirement_id = fields.Many2one(
        'merchandising.customer.requirement', required=True, index=True, ondelete='cascade')
    sequence = fields.Integer(related='requirement_id.sequence')
    category = fields.Selection(related='requirement_id.category')
    description = fields.Text(related='requirement_id.description')
    stage_id = fields.Many2one(related='requirement_id.stage_id')
    checked = fields.Boolean(help="Tick once the order meets the requirement.")
    checked_by_id = fields.Many2one('res.users', readonly=True)
    checked_date = fields.Datetime('Checked On', readonly=True)
    note = fields.Char(help="How it was checked: the test report, the label proof...")

    _sql_constraints = [
        ('requirement_unique', 'unique (order_id, requirement_id)',
         "The order lists each requirement of its customer once."),
    ]

    def write(self, vals):
        if 'checked' in vals:
            vals = dict(vals, checked_by_id=vals['checked'] and self.env.uid,
                        checked_date=vals['checked'] and fields.Datetime.now())
        return super().write(vals)
