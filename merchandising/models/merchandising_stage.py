from odoo import fields, models


class MerchandisingStage(models.Model):
    """A step of the follow-up pipeline an export order goes through, from the
    customer's enquiry to the closed file: the columns of the merchandiser's
    kanban board. Features add the conditions (gates) an order must meet to
    enter a stage: samples approved, customs released."""

    _name = 'merchandising.stage'
    _description = 'Follow-up Stage'
    _order = 'sequence, id'

    name = fields.Char('Stage Name', required=True, translate=True)
    sequence = fields.Integer(
        default=10,
        help="Orders move through the stages in this order; the first stage is "
             "where new orders start.")
    fold = fields.Boolean(
        'Folded in Pipeline',
        help="Fold this column in the kanban board (typically shipped and "
             "closed orders) so the board shows the orders that need work.")
    is_closed = fields.Boolean(
        'Closing Stage',
        help="Orders in this stage are finished: they no longer count as late "
             "and a quotation may not enter it before it is confirmed.")
    is_confirmation_stage = fields.Boolean(
        'Entered on Confirmation',
        help="Confirming a quotation moves it to this stage when it is still "
             "in an earlier one.")
    description = fields.Text(
        translate=True,
        help="What must happen in this stage; shown to merchandisers as the "
             "column's tooltip.")
    mail_template_id = fields.Many2one(
        'mail.template', 'Email to Customer',
        domain=[('model', '=', 'sale.order')],
        help="If set, this email is sent to the customer when an order enters "
             "the stage (for instance when it ships).")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        help="Leave empty to share the stage between all companies.")
    requires_customs_data = fields.Boolean(
        help="Orders enter this stage (and later ones) only when every product they ship has "
             "an HS code and all its declaration elements.")
    requires_customs_release = fields.Boolean(
        help="Orders enter this stage (and later ones) only when customs have released them, "
             "every required document is received and the delivery is done.")

    def _position(self):
        """Where the stage stands in the pipeline, to compare stages: before,
        at or after (the stages' own order)."""
        self.ensure_one()
        return (self.sequence, self.id)

    def _requires(self, flag):
        """Whether this stage, or one before it, asks for the condition named
        by the boolean field ``flag``: a condition of a stage holds for every
        later one."""
        self.ensure_one()
        return any(required._position() <= self._position()
                   for required in self.search([(flag, '=', True)]))
