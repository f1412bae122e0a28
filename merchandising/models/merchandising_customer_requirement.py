from odoo import api, fields, models, tools

CATEGORIES = [
    ('labelling', 'Labelling'),
    ('packing', 'Packing'),
    ('testing', 'Testing Standard'),
    ('compliance', 'Compliance Certificate'),
    ('shipping_marks', 'Shipping Marks'),
    ('other', 'Other'),
]


class MerchandisingCustomerRequirement(models.Model):
    """A requirement of the customer's file (客户档案) that every order of
    the customer must meet — a care label in French, six pieces a carton,
    an OEKO-TEX certificate — and the follow-up stage before which the
    merchandiser must have checked it. Each order of the customer lists it
    on its checklist, and cannot enter that stage, or a later one, until it
    is ticked."""

    _name = 'merchandising.customer.requirement'
    _inherit = ['merchandising.cached.config']
    _description = "Customer's Requirement"
    _order = 'partner_id, sequence, id'

    partner_id = fields.Many2one(
        'res.partner', 'Customer', required=True, index=True, ondelete='cascade',
        domain=[('parent_id', '=', False)],
        help="The customer company whose orders must meet the requirement.")
    sequence = fields.Integer(default=10)
    category = fields.Selection(CATEGORIES, required=True, default='labelling')
    name = fields.Char('Requirement', required=True, help="What the order must meet, in a line.")
    description = fields.Text('Details', help="The customer's instructions, as precise as needed to check them.")
    stage_id = fields.Many2one(
        'merchandising.stage', 'Check Before', required=True, ondelete='restrict',
        help="The order cannot enter this follow-up stage, or a later one, until the requirement "
             "is ticked on its checklist.")
    attachment_ids = fields.Many2many(
        'ir.attachment', string='Customer Manual', help="The customer's manual or artwork for it.")
    active = fields.Boolean(default=True, help="Archive a requirement the customer dropped: new "
                                               "orders no longer list it.")

    @api.model
    @tools.ormcache()
    def _customers_with_requirements(self):
        """The customer companies that have active requirements, read once
        per process: every order created or moved asks, and most customers
        have none (a customer's file changes seldom; a change clears it)."""
        # sudo: a cache for every user: which customers have requirements at all, not the requirements.
        groups = self.sudo()._read_group([], ['partner_id'])
        return frozenset(partner.id for partner, in groups)

    @api.model
    def _merch_of_customers(self, customers):
        """The active requirements of these customer companies: no query
        when none of them has any."""
        wanted = set(customers.ids) & self._customers_with_requirements()
        # sudo: the gate and the checklist read the customer's file for whoever moves the order.
        return self.sudo().search([('partner_id', 'in', list(wanted))]) if wanted else self.sudo().browse()

    @api.model_create_multi
    def create(self, vals_list):
        requirements = super().create([self._merch_on_company(vals) for vals in vals_list])
        # The customer's orders under way list it too.
        orders = self.env['sale.order'].search([
            ('partner_id', 'child_of', requirements.partner_id.ids), ('state', '!=', 'cancel'),
            ('merch_stage_id.is_closed', '=', False)])
        orders._merch_sync_requirement_checks()
        return requirements

    def write(self, vals):
        return super().write(self._merch_on_company(vals))

    def _merch_on_company(self, vals):
        # A requirement belongs to the customer company, not to one of its contacts.
        if vals.get('partner_id'):
            partner = self.env['res.partner'].browse(vals['partner_id'])
            vals = dict(vals, partner_id=partner.commercial_partner_id.id)
        return vals
