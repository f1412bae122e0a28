from odoo import api, fields, models


class SaleOrder(models.Model):
    """The samples of the export order: what was sent for it, the latest
    round of each type, what still waits for the customer's approval, and the
    gate that keeps the order out of a stage until the samples that stage
    asks for are approved (a PP sample before Production, by default)."""

    # One class per feature of the order, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_sample_ids = fields.One2many(
        'merchandising.sample', 'order_id', 'Samples', copy=False,
        help="Every sample sent for the order, all rounds.")
    merch_sample_count = fields.Integer('Sample Count', compute='_compute_merch_samples')
    merch_latest_sample_ids = fields.Many2many(
        'merchandising.sample', string='Latest Samples', compute='_compute_merch_samples',
        help="The latest round of each type of sample of the order.")
    merch_samples_pending_count = fields.Integer(
        'Samples Awaiting Approval', compute='_compute_merch_samples',
        help="Samples whose latest round still waits for the customer's approval.")

    @api.depends('merch_sample_ids.state', 'merch_sample_ids.round')
    def _compute_merch_samples(self):
        # By the saved orders: the form computes on a copy of the order (a new id).
        latest = self.env['merchandising.sample']._latest_rounds(self._origin)
        for order in self:
            samples = latest.get(order._origin.id, self.env['merchandising.sample'])
            order.merch_latest_sample_ids = samples
            order.merch_samples_pending_count = len(samples.filtered(
                lambda sample: sample.needs_approval and sample.state not in ('approved', 'cancel')))
            order.merch_sample_count = len(order.merch_sample_ids)

    def action_view_merch_samples(self):
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_sample')
        action['domain'] = [('order_id', 'in', self.ids)]
        action['context'] = {'default_order_id': self.id} if len(self) == 1 else {}
        return action

    def _merch_stage_gates(self):
        return super()._merch_stage_gates() + [self._merch_gate_samples_approved]

    def _merch_gate_samples_approved(self, stage):
        return self.env['merchandising.sample']._missing_approvals(self, stage)
