from odoo import api, fields, models


class ResPartner(models.Model):
    """The customer's file (客户档案): the requirements every order of the
    customer must meet, the visits they paid us, and the samples they
    approved, kept as a library to start the next order from."""

    # One class per feature, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'res.partner'

    merch_requirement_ids = fields.One2many(
        'merchandising.customer.requirement', 'partner_id', "Customer's Requirements",
        help="Labelling, packing, testing standards, compliance certificates, shipping marks: "
             "what every order of the customer must meet, and before which stage.")
    merch_visit_count = fields.Integer('Visits', compute='_compute_merch_file_counts')
    merch_approved_sample_count = fields.Integer('Approved Samples', compute='_compute_merch_file_counts')

    @api.depends_context('uid')
    @api.depends('commercial_partner_id')
    def _compute_merch_file_counts(self):
        # A contact shows its company's file. Two grouped queries for all.
        companies = self.commercial_partner_id.ids
        visits = dict(self.env['calendar.event']._read_group(
            [('merch_is_visit', '=', True), ('merch_customer_id', 'in', companies)],
            ['merch_customer_id'], ['__count']))
        samples = dict(self.env['merchandising.sample']._read_group(
            [('state', '=', 'approved'), ('commercial_partner_id', 'in', companies)],
            ['commercial_partner_id'], ['__count']))
        for partner in self:
            partner.merch_visit_count = visits.get(partner.commercial_partner_id, 0)
            partner.merch_approved_sample_count = samples.get(partner.commercial_partner_id, 0)

    def action_view_merch_visits(self):
        """The customer's visits register."""
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_visits')
        action.update(domain=[('merch_is_visit', '=', True), ('merch_customer_id', '=', customer.id)],
                      context={'default_merch_is_visit': True, 'default_merch_customer_id': customer.id,
                               'default_partner_ids': [customer.id]})
        return action

    def action_view_merch_sample_library(self):
        """The samples the customer approved: the library to start the next order from."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('merchandising.action_merchandising_sample')
        action.update(
            name=self.env._("Approved Samples of %(customer)s", customer=self.commercial_partner_id.name),
            domain=[('state', '=', 'approved'),
                    ('commercial_partner_id', '=', self.commercial_partner_id.id)],
            context={'search_default_group_type': 1, 'create': False})
        return action
