"""Upgrading and uninstalling the addon loses nothing that is not its own.

Both tests work on a copy of the demo database (CREATE DATABASE ... TEMPLATE,
with its filestore), never on the test database itself, and drive Odoo in a
subprocess the way an administrator would: `odoo-bin -u merchandising`, then
`odoo-bin shell` to uninstall and to sell afterwards. They are plain unittest
cases: an Odoo test case would hold a cursor on the template, and PostgreSQL
copies a database only when nobody is connected to it.
"""
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from contextlib import closing, contextmanager

import odoo
from odoo.sql_db import db_connect
from odoo.tools import SQL

from database_copy import copy_database, drop_database

ODOO_BIN = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), 'odoo-bin')
MANIFEST = ast.literal_eval(open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                              'merchandising', '__manifest__.py')).read())

# What the merchandisers recorded; each must come out of an upgrade whole.
RECORD_TABLES = [
    'merchandising_stage', 'merchandising_sample', 'merchandising_milestone',
    'merchandising_stage_history', 'merchandising_container',
    'merchandising_shipping_document', 'merchandising_declaration_value',
]
# The customs data on the products and their HS codes (the addon's columns
# on tables that are not its own), and the orders whole: their follow-up,
# T&A and customs and shipping data.
CUSTOMS_TABLES = ['hs_code', 'product_template', 'sale_order']
STAMPS = ('write_date', 'write_uid')


def odoo_bin(*args, script=None, timeout=900, errors_allowed=False):
    """Run odoo-bin on the tests' configuration; fail on a non-zero exit or,
    unless errors are allowed, an ERROR in the log (Odoo exits 0 when a data
    file fails to load)."""
    command = [sys.executable, ODOO_BIN]
    if args and not args[0].startswith('-'):
        command.append(args[0])             # a sub-command comes first
        args = args[1:]
    command += ['-c', odoo.tools.config.rcfile, '--log-level=warn', *args]
    result = subprocess.run(command, input=script, capture_output=True, text=True, timeout=timeout)
    output = result.stdout + result.stderr
    errors = [line for line in output.splitlines() if re.search(r' (ERROR|CRITICAL) ', line)]
    if result.returncode or (errors and not errors_allowed):
        raise AssertionError('odoo-bin %s failed (exit %s):\n%s' % (
            ' '.join(args), result.returncode, output[-6000:]))
    return result.stdout


@contextmanager
def cursor(database):
    with closing(db_connect(database).cursor()) as cr:
        yield cr
        cr.commit()


@contextmanager
def database_copy(suffix):
    """A copy of the test database and of its filestore, dropped afterwards."""
    name = '%s_%s' % (odoo.tools.config['db_name'], suffix)
    copy_database(odoo.tools.config['db_name'], name)
    try:
        yield name
    finally:
        drop_database(name)


def _xml_id(cr, xml_id):
    module, name = xml_id.split('.')
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", [module, name])
    row = cr.fetchone()
    return row and row[0]


def _digest(cr, table, where=SQL()):
    """The number of rows of the table and a digest of their content (every
    column but the write stamps)."""
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_name = %s AND column_name NOT IN %s ORDER BY column_name""", [table, STAMPS])
    columns = SQL(', ').join(SQL.identifier(row[0]) for row in cr.fetchall())
    cr.execute(SQL("SELECT count(*), md5(string_agg(row(%s)::text, '|' ORDER BY id)) FROM %s %s",
                   columns, SQL.identifier(table), where))
    return cr.fetchone()


def _snapshot(cr):
    snapshot = {table: _digest(cr, table) for table in RECORD_TABLES + CUSTOMS_TABLES}
    cr.execute("SELECT count(*) FROM sale_order WHERE merch_customs_state != 'none'")
    snapshot['orders with customs progress'] = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM hs_code WHERE merch_declaration_elements IS NOT NULL")
    snapshot['HS codes with declaration elements'] = cr.fetchone()[0]
    return snapshot


class TestUpgrade(unittest.TestCase):

    def test_upgrade_keeps_records_and_user_edits(self):
        with database_copy('upgrade') as database:
            with cursor(database) as cr:
                # What a manager changes in the data the addon ships (noupdate).
                cr.execute("""UPDATE merchandising_stage SET name = name || '{"en_US": "Lab dips & samples"}'
                               WHERE id = %s""", [_xml_id(cr, 'merchandising.stage_sampling')])
                cr.execute("""UPDATE mail_template
                                 SET name = name || '{"en_US": "Sample on its way (our wording)"}',
                                     subject = subject || '{"en_US": "Your sample is on its way"}'
                               WHERE id = %s""", [_xml_id(cr, 'merchandising.mail_template_sample_sent')])
                cr.execute("""UPDATE merchandising_milestone_template SET name = name || '{"en_US": "Knitwear T&A"}'
                               WHERE id = %s""", [_xml_id(cr, 'merchandising.milestone_template_default')])
                before = _snapshot(cr)
            for key, value in before.items():
                count = value if isinstance(value, int) else value[0]
                self.assertGreater(count, 0, '%s: the demo data should have some to keep' % key)

            odoo_bin('-d', database, '-u', 'merchandising', '--stop-after-init')

            with cursor(database) as cr:
                after = _snapshot(cr)
                self.assertEqual(after, before)
                cr.execute("SELECT latest_version FROM ir_module_module WHERE name = 'merchandising'")
                self.assertTrue(cr.fetchone()[0])
                cr.execute("SELECT name->>'en_US' FROM merchandising_stage WHERE id = %s",
                           [_xml_id(cr, 'merchandising.stage_sampling')])
                self.assertEqual(cr.fetchone()[0], 'Lab dips & samples')
                cr.execute("SELECT name->>'en_US', subject->>'en_US' FROM mail_template WHERE id = %s",
                           [_xml_id(cr, 'merchandising.mail_template_sample_sent')])
                self.assertEqual(cr.fetchone(), ('Sample on its way (our wording)', 'Your sample is on its way'))
                cr.execute("SELECT name->>'en_US' FROM merchandising_milestone_template WHERE id = %s",
                           [_xml_id(cr, 'merchandising.milestone_template_default')])
                self.assertEqual(cr.fetchone()[0], 'Knitwear T&A')


UNINSTALL = """
module = env['ir.module.module'].search([('name', '=', 'merchandising')])
module.button_immediate_uninstall()
env.cr.commit()
"""

# After the uninstall, in a new process: the plain sales flow, as a salesman
# would run it, on a product invoiced on delivered quantities.
SELL = """
import ast
import json
from odoo import Command
partner = env['res.partner'].create({'name': 'After Uninstall Ltd', 'customer_rank': 1})
product = env['product.product'].create({
    'name': 'Plain tee', 'type': 'consu', 'invoice_policy': 'delivery', 'list_price': 12.0})
order = env['sale.order'].create({'partner_id': partner.id, 'order_line': [Command.create({
    'product_id': product.id, 'product_uom_qty': 5, 'price_unit': 12.0})]})
order.action_confirm()
picking = order.picking_ids
picking.action_assign()
for move in picking.move_ids:
    move.quantity = move.product_uom_qty
picking.move_ids.picked = True
picking.button_validate()
invoice = order._create_invoices()
invoice.action_post()
print('RESULT ' + json.dumps({
    'order': order.state, 'picking': picking.state, 'delivered': order.order_line.qty_delivered,
    'invoice': invoice.state, 'total': invoice.amount_untaxed, 'invoice_status': order.invoice_status,
    'fields': sorted(name for name in order._fields if name.startswith('merch')
                     or name in ('ex_factory_date', 'key_customer', 'forecast_ship_date', 'delay_days'))}))
env.cr.commit()
"""


class TestUninstall(unittest.TestCase):

    def test_uninstall_removes_the_addon_and_sales_still_work(self):
        with database_copy('uninstall') as database:
            with cursor(database) as cr:
                # The addon's own: not what it shares with another addon
                # (stock_delivery's hs_code and country_of_origin, which it
                # makes related to OCA's fields).
                cr.execute("""SELECT model, res_id FROM ir_model_data data WHERE module = 'merchandising'
                               AND model IN ('ir.ui.menu', 'ir.cron', 'ir.model', 'ir.model.fields')
                               AND NOT EXISTS (SELECT 1 FROM ir_model_data other
                                                WHERE other.model = data.model AND other.res_id = data.res_id
                                                  AND other.module != 'merchandising')""")
                owned = {}
                for model, res_id in cr.fetchall():
                    owned.setdefault(model, []).append(res_id)
                cr.execute("""SELECT data.res_id FROM ir_model_data data JOIN ir_model_data other
                                  ON other.model = data.model AND other.res_id = data.res_id
                               WHERE data.module = 'merchandising' AND other.module = 'stock_delivery'
                                 AND data.model = 'ir.model.fields'""")
                shared_fields = [row[0] for row in cr.fetchall()]
                cr.execute("SELECT name FROM ir_model_fields WHERE model = 'sale.order' AND id IN %s",
                           [tuple(owned['ir.model.fields'])])
                order_fields = [row[0] for row in cr.fetchall()]
            self.assertIn('merch_stage_id', order_fields)
            self.assertIn('ex_factory_date', order_fields)
            self.assertTrue(owned['ir.ui.menu'] and owned['ir.cron'])

            # Odoo keeps (and logs) the demo records it cannot delete because
            # sales still use them (a product on a delivered move, a customer
            # with orders), and goes on.
            odoo_bin('shell', '-d', database, script=UNINSTALL, errors_allowed=True)
            output = odoo_bin('shell', '-d', database, script=SELL)

            result = json.loads(output.split('RESULT ', 1)[1].splitlines()[0])
            self.assertEqual(result, {
                'order': 'sale', 'picking': 'done', 'delivered': 5.0, 'invoice': 'posted', 'total': 60.0,
                'invoice_status': 'invoiced', 'fields': []})
            with cursor(database) as cr:
                cr.execute("SELECT state FROM ir_module_module WHERE name = 'merchandising'")
                self.assertEqual(cr.fetchone()[0], 'uninstalled')
                # Left: the xml ids of demo records that sales still use, and
                # of records whose table went with the addon's models.
                cr.execute("""SELECT DISTINCT model FROM ir_model_data WHERE module = 'merchandising'
                               AND (model LIKE 'ir.%' OR model IN ('res.groups', 'mail.template'))""")
                self.assertEqual(cr.fetchall(), [])
                cr.execute("SELECT model FROM ir_model WHERE model LIKE 'merchandising.%'")
                self.assertEqual(cr.fetchall(), [])
                for table, ids in (('ir_ui_menu', owned['ir.ui.menu']), ('ir_cron', owned['ir.cron']),
                                   ('ir_model_fields', owned['ir.model.fields'])):
                    cr.execute(SQL('SELECT id FROM %s WHERE id IN %s', SQL.identifier(table), tuple(ids)))
                    self.assertEqual(cr.fetchall(), [], '%s rows of the addon left' % table)
                cr.execute("SELECT name FROM ir_model_fields WHERE model = 'sale.order' AND name IN %s",
                           [tuple(order_fields)])
                self.assertEqual(cr.fetchall(), [])
                # What it shared stays, with its column: stock_delivery's HS code of the carriers.
                cr.execute("SELECT model, name FROM ir_model_fields WHERE id IN %s ORDER BY model, name",
                           [tuple(shared_fields)])
                self.assertEqual(cr.fetchall(), [('product.product', 'country_of_origin'), ('product.product', 'hs_code'),
                                                 ('product.template', 'country_of_origin'),
                                                 ('product.template', 'hs_code')])
                cr.execute("""SELECT column_name FROM information_schema.columns
                               WHERE table_name = 'product_template' AND column_name IN ('hs_code', 'country_of_origin')
                                  OR table_name = 'product_template' AND column_name LIKE 'merch%'
                               ORDER BY column_name""")
                self.assertEqual(cr.fetchall(), [('country_of_origin',), ('hs_code',)])
                cr.execute("""SELECT column_name FROM information_schema.columns
                               WHERE table_name = 'sale_order' AND column_name IN %s""",
                           [tuple(order_fields)])
                self.assertEqual(cr.fetchall(), [])
                cr.execute("SELECT count(*) FROM ir_cron WHERE ir_actions_server_id IN "
                           "(SELECT id FROM ir_act_server WHERE code LIKE '%_cron_chase_list%')")
                self.assertEqual(cr.fetchone()[0], 0)
                cr.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'merchandising%'")
                self.assertEqual(cr.fetchall(), [])


# The last commit of 18.0.2.0.0: the T&A a sequence of milestones in calendar
# days, the critical path ticked by hand, no links, no reasons.
RELEASE_2_0 = '93fe62d'
REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class TestUpgradeFrom20(unittest.TestCase):
    """A database of 2.0 with its demo, upgraded to this code as an
    administrator would: `odoo-bin -u merchandising` (the post-migration
    script of 18.0.3.0.0)."""

    def test_the_plans_of_2_0_become_networks_forecast_again(self):
        found = subprocess.run(['git', '-C', REPOSITORY, 'cat-file', '-e', RELEASE_2_0 + '^{commit}'],
                               capture_output=True)
        if found.returncode:
            self.skipTest("the repository's history (commit %s) is not here: a shallow clone" % RELEASE_2_0)
        database = '%s_from_2_0' % odoo.tools.config['db_name']
        with tempfile.TemporaryDirectory() as addons:
            archive = subprocess.run(['git', '-C', REPOSITORY, 'archive', RELEASE_2_0, 'merchandising'],
                                     capture_output=True, check=True).stdout
            subprocess.run(['tar', '-x', '-C', addons], input=archive, check=True)
            drop_database(database)
            try:
                odoo_bin('-d', database, '-i', 'merchandising', '--stop-after-init',
                         '--addons-path=%s,%s' % (addons, odoo.tools.config['addons_path']))
                with cursor(database) as cr:
                    cr.execute("SELECT latest_version FROM ir_module_module WHERE name = 'merchandising'")
                    self.assertEqual(cr.fetchone()[0], '18.0.2.0.0')
                    before = self._plans(cr)
                self.assertTrue(before, "2.0's demo has plans to upgrade")
                odoo_bin('-d', database, '-u', 'merchandising', '--stop-after-init')
                with cursor(database) as cr:
                    cr.execute("SELECT latest_version FROM ir_module_module WHERE name = 'merchandising'")
                    self.assertEqual(cr.fetchone()[0], MANIFEST['version'])
                    after = self._plans(cr)
                    # 4.1: the confirmed orders' promise is their first promise.
                    cr.execute("""SELECT count(*) FROM sale_order WHERE state = 'sale' AND commitment_date IS NOT NULL
                                     AND merch_first_commitment_date IS DISTINCT FROM commitment_date""")
                    self.assertEqual(cr.fetchone()[0], 0)
                    # Nothing recorded moves: the baselines, promises and actual dates.
                    self.assertEqual({key: value['dates'] for key, value in after.items()},
                                     {key: value['dates'] for key, value in before.items()})
                    # Each plan of the standard template is its network, forecast through it.
                    for order, plan in after.items():
                        self.assertEqual(plan['links'], 9, order)
                        self.assertTrue(plan['forecast'], order)
                        self.assertTrue(plan['critical'], order)
                    # The standard template counts in working days, its links loaded.
                    cr.execute("""SELECT line.offset_days, line.duration_days FROM merchandising_milestone_template_line line
                                   WHERE line.id = %s""", [_xml_id(cr, 'merchandising.milestone_template_line_materials_in_house')])
                    self.assertEqual(cr.fetchone(), (-28, 14))
                    # 3.1: the receipts of its purchase orders complete it.
                    cr.execute("SELECT completion_event FROM merchandising_milestone_template_line WHERE id = %s",
                               [_xml_id(cr, 'merchandising.milestone_template_line_materials_in_house')])
                    self.assertEqual(cr.fetchone()[0], 'materials_received')
                    cr.execute("""SELECT count(*) FROM merchandising_milestone_template_dependency
                                   WHERE template_id = %s""", [_xml_id(cr, 'merchandising.milestone_template_default')])
                    self.assertEqual(cr.fetchone()[0], 9)
                    # The morning digest lists the orders that turned worse first.
                    cr.execute("SELECT body_html->>'en_US' FROM mail_template WHERE id = %s",
                               [_xml_id(cr, 'merchandising.mail_template_chase_digest')])
                    self.assertIn('Orders that turned worse', cr.fetchone()[0])
            finally:
                drop_database(database)

    @staticmethod
    def _plans(cr):
        """{order name: its plan} of the confirmed orders planned from the standard template."""
        cr.execute("""
            SELECT sale.name,
                   array_agg((milestone.name, milestone.planned_date, milestone.revised_date, milestone.actual_date,
                              milestone.state)::text ORDER BY milestone.sequence, milestone.id),
                   bool_and(milestone.forecast_date IS NOT NULL OR milestone.state = 'skipped'),
                   array_agg(milestone.name ORDER BY milestone.sequence, milestone.id)
                       FILTER (WHERE milestone.is_critical)
              FROM sale_order sale
              JOIN merchandising_milestone milestone ON milestone.order_id = sale.id
             WHERE sale.state = 'sale' AND sale.merch_template_id = (
                   SELECT res_id FROM ir_model_data WHERE module = 'merchandising'
                      AND name = 'milestone_template_default')
             GROUP BY sale.name""")
        plans = {name: {'dates': dates, 'forecast': forecast, 'critical': critical or []}
                 for name, dates, forecast, critical in cr.fetchall()}
        cr.execute("SELECT to_regclass('merchandising_milestone_dependency') IS NOT NULL")
        links = {}
        if cr.fetchone()[0]:
            cr.execute("""SELECT sale.name, count(*) FROM merchandising_milestone_dependency link
                            JOIN sale_order sale ON sale.id = link.order_id GROUP BY sale.name""")
            links = dict(cr.fetchall())
        for name, plan in plans.items():
            plan['links'] = links.get(name, 0)
        return plans
