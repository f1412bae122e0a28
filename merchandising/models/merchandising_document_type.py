from odoo import api, fields, models, tools


class MerchandisingDocumentType(models.Model):
    """A kind of shipping document the forwarder, customs or the customer's
    bank ask for: commercial invoice, packing list, certificate of origin..."""

    _name = 'merchandising.document.type'
    _description = 'Shipping Document Type'
    _inherit = ['merchandising.cached.config']
    _order = 'sequence, id'

    name = fields.Char('Document', required=True, translate=True)
    sequence = fields.Integer(default=10)
    required_by_default = fields.Boolean(
        'Always Required', help="Every export order needs it (e.g. the commercial invoice); other "
                                "types are required by the customers who ask for them.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', help="Leave empty to share between companies.")

    @api.model
    @tools.ormcache()
    def _always_required(self):
        """The active types every order needs, as (id, company id): read on
        every confirmation, so cached like the stages."""
        # sudo: a cache for every user, of configuration every order reads.
        types = self.sudo().with_context(active_test=True).search_fetch(
            [('required_by_default', '=', True)], ['company_id'])
        return tuple((doc_type.id, doc_type.company_id.id) for doc_type in types)
