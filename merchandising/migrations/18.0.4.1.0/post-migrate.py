"""From 4.0 to 4.1: figures nobody can bend.

- The factories' portal users lose the customer orders they followed: until
  4.1 a factory's update on My production made its author a follower of the
  customer's order (mail subscribes who posts), and sale's portal rule lets a
  follower read the order — the customer, the prices. Removed: the followers
  of a sale order that belong to a factory or supplier of its milestones,
  have a portal user and are not of the customer's company.
- The confirmed orders get their first promise (the on-time rate "as first
  promised"): the Delivery Date they have now, the best this database knows.
"""
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
    followers = env['mail.followers'].search([
        ('res_model', '=', 'sale.order'), ('partner_id.user_ids.share', '=', True)])
    orders = env['sale.order'].browse(followers.mapped('res_id')).exists()
    factories = {order.id: order.merch_milestone_ids.partner_id.commercial_partner_id for order in orders}
    leaked = followers.filtered(lambda follower: (
        follower.partner_id.commercial_partner_id in factories.get(follower.res_id, env['res.partner'])
        and follower.partner_id.commercial_partner_id
        != env['sale.order'].browse(follower.res_id).partner_id.commercial_partner_id))
    _logger.info("merchandising 4.1: %s factory followers removed from customer orders", len(leaked))
    leaked.unlink()
    # The first promise is a guarded field: set in SQL, as migrations do.
    cr.execute("""
        UPDATE sale_order SET merch_first_commitment_date = commitment_date
         WHERE state = 'sale' AND commitment_date IS NOT NULL AND merch_first_commitment_date IS NULL
    """)
    _logger.info("merchandising 4.1: %s confirmed orders given their first promise", cr.rowcount)
