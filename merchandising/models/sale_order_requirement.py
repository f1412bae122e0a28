from odoo import api, fields, models


class SaleOrder(models.Model):
    """The order's checklist of its customer's requirements (客户档案):
    each one must be ticked before the order enters the stage the
    requirement names (``_merch_gate_customer_requirements``)."""

    # One class per feature, as sale_stock and sale_mrp extend sale:
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    merch_requirement_check_ids = fields.One2many(
        'merchandising.requirement.check', 'order_id', "Customer's Requirements", copy=False,
        help="What the customer's file asks of every order, to tick as the order meets it.")
    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._merch_sync_requirement_checks(new=True)
        return orders

    def write(self, vals):
        res = super().write(vals)
        if 'partner_id' in vals:
            self._merch_sync_requirement_checks()
        return res

    def _merch_sync_requirement_checks(self, new=False):
        """List on each order the active requirements of its customer that it
        does not list yet, and drop the unticked ones of another customer
        (the order changed customer). In a fixed number of queries; none for
        new orders of customers without requirements (most of them)."""
        orders = self.filtered(lambda order: order.state != 'cancel')
        requirements = self.env['merchandising.customer.requirement']._merch_of_customers(
            orders.partner_id.commercial_partner_id)
        if not orders or (new and not requirements):
            return
        # sudo: the checklist follows the customer's file, whoever writes the order.
        Check = self.env['merchandising.requirement.check'].sudo()
        checks = Check.search([('order_id', 'in', orders.ids)])
        listed = {(check.order_id.id, check.requirement_id.id) for check in checks}
        checks.filtered(lambda check: not check.checked and check.requirement_id.partner_id
                        != check.order_id.partner_id.commercial_partner_id).unlink()
        Check.create([
            {'order_id': order.id, 'requirement_id': requirement.id}
            for order in orders for requirement in requirements
            if requirement.partner_id == order.partner_id.commercial_partner_id
            and (order.id, requirement.id) not in listed])

    def _merch_stage_gates(self):
        return super()._merch_stage_gates() + [self._merch_gate_customer_requirements]

    def _merch_gate_customer_requirements(self, stage):
        """The requirements of the orders' customers due at this stage or
        before it, not ticked on the order's checklist. Read from the
        customers' files, so that a requirement not listed yet counts too."""
        position = stage._position()
        requirements = self.env['merchandising.customer.requirement']._merch_of_customers(
            self.partner_id.commercial_partner_id).filtered(
            lambda requirement: requirement.stage_id._position() <= position)
        if not requirements:
            return []
        checked = {(check.order_id.id, check.requirement_id.id)
                   # sudo: the gate reads the ticks for whoever moves the order.
                   for check in self.env['merchandising.requirement.check'].sudo().search(
                       [('order_id', 'in', self.ids), ('checked', '=', True)])}
        categories = dict(requirements._fields['category']._description_selection(self.env))
        return [self.env._("%(order)s: check the customer's requirement '%(requirement)s' (%(category)s) "
                           "on the Customer's Requirements tab; it is due before '%(stage)s'.",
                           order=order.name, requirement=requirement.name,
                           category=categories[requirement.category], stage=requirement.stage_id.name)
                for order in self for requirement in requirements
                if requirement.partner_id == order.partner_id.commercial_partner_id
                and (order.id, requirement.id) not in checked]
