from odoo import api, models


class SaleOrder(models.Model):
    """A quotation made from an enquiry goes on from it: it starts in the
    follow-up stage the enquiry's CRM stage points to, and the samples and
    catalogues sent for the enquiry become the quotation's (sale_crm keeps
    the enquiry on the order as ``opportunity_id``)."""

    # One class per feature, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    @api.model_create_multi
    def create(self, vals_list):
        if 'default_merch_stage_id' not in self.env.context:
            vals_list = self._merch_start_where_the_enquiry_stood(vals_list)
        orders = super().create(vals_list)
        orders.filtered('opportunity_id')._merch_take_enquiry_samples()
        return orders

    @api.model
    def _merch_start_where_the_enquiry_stood(self, vals_list):
        """The values with the follow-up stage of their enquiry's CRM stage,
        when the enquiry's stage names one and the values no stage."""
        default_lead = self.env.context.get('default_opportunity_id')

        def lead_of(vals):
            # An id only: a context may carry anything under a default_ key.
            lead_id = vals.get('opportunity_id', default_lead)
            return lead_id if isinstance(lead_id, int) and not isinstance(lead_id, bool) else None

        leads = self.env['crm.lead'].browse({lead_of(vals) for vals in vals_list} - {None})
        # sudo: the enquiry's stage only, for a salesperson making the quotation of a colleague's enquiry.
        stages = {lead.id: lead.stage_id.merch_stage_id.id for lead in leads.sudo().exists()}
        return [dict(vals, merch_stage_id=stages[lead_of(vals)])
                if 'merch_stage_id' not in vals and stages.get(lead_of(vals)) else vals
                for vals in vals_list]

    def _merch_take_enquiry_samples(self):
        """The enquiry's samples with no order yet, sent to the quotation's
        customer, become the quotation's: their approvals count for its gates."""
        samples = self.env['merchandising.sample'].search([
            ('opportunity_id', 'in', self.opportunity_id.ids), ('order_id', '=', False)])
        for order in self:
            samples.filtered(
                lambda sample: sample.opportunity_id == order.opportunity_id
                and sample.commercial_partner_id == order.partner_id.commercial_partner_id
            ).write({'order_id': order.id})
