"""Upgrading and uninstalling the addon loses nothing that is not its own.

Both tests work on a copy of the demo database (CREATE DATABASE ... TEMPLATE,
with its filestore), never on the test database itself, and drive Odoo in a
subprocess the way an administrator would: `odoo-bin -u merchandising`, then
`odoo-bin shell` to uninstall and to sell afterwards. They are plain unittest
cases: an Odoo test case would hold a cursor on the template, and PostgreSQL
copies a database only when nobody is connected to it.
"""
import json
import os
import re
import subprocess
import sys
import unittest
from contextlib import closing, contextmanager

import odoo
from odoo.sql_db import db_connect

from database_copy import copy_database, drop_database

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What the merchandisers recorded; each must come out of an upgrade whole.
RECORD_TABLES = [
    'merchandising_stage', 'merchandising_sample', 'merchandising_milestone',
    'merchandising_stage_history', 'merchandising_container',
    'merchandising_shipping_document', 'merchandising_declaration_value',
]
# The follow-up and customs data the addon keeps on the order itself.
ORDER_COLUMNS = [
    'merch_stage_id', 'merchandiser_id', 'merch_stage_date', 'ex_factory_date',
    'merch_customs_state', 'merch_customs_prepared_date', 'merch_declaration_date',
    'merch_customs_released_date', 'merch_customs_closed_date', 'merch_declaration_no',
    'merch_trade_mode_id', 'merch_brand_type', 'merch_export_preference', 'merch_transport_mode',
    'merch_port_loading', 'merch_port_discharge', 'merch_destination_country_id',
    'merch_forwarder_id', 'merch_vessel', 'merch_booking_no', 'merch_bl_number', 'merch_etd',
    'merch_eta', 'merch_atd', 'merch_shipping_marks', 'merch_export_licence', 'merch_packages',
    'merch_gross_weight', 'merch_net_weight', 'merch_volume', 'merch_ship_date',
]


def _subprocess_env():
    # Not HOST/PORT/USER/PASSWORD: Odoo would read them as database options.
    env = {key: value for key, value in os.environ.items() if key not in ('HOST', 'PORT', 'USER', 'PASSWORD')}
    env['PATH'] = os.pathsep.join([os.path.join(ROOT, 'node_modules', '.bin'),
                                   os.path.dirname(sys.executable), env.get('PATH', '')])
    return env


def odoo_bin(*args, script=None, timeout=900, errors_allowed=False):
    """Run tools/odoo-bin on the test configuration; fail on a non-zero exit
    or, unless errors are allowed, an ERROR in the log (Odoo exits 0 when a
    data file fails to load)."""
    command = [sys.executable, os.path.join(ROOT, 'tools', 'odoo-bin')]
    if args and not args[0].startswith('-'):
        command.append(args[0])             # a sub-command comes first
        args = args[1:]
    command += ['-c', odoo.tools.config.rcfile, '--log-level=warn'] + list(args)
    result = subprocess.run(command, input=script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, env=_subprocess_env(), timeout=timeout)
    errors = [line for line in result.stdout.splitlines() if re.search(r' (ERROR|CRITICAL) ', line)]
    if result.returncode or (errors and not errors_allowed):
        raise AssertionError('odoo-bin %s failed (exit %s):\n%s' % (
            ' '.join(args), result.returncode, result.stdout[-6000:]))
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


def _snapshot(cr):
    """Per table: the number of rows and a digest of their content (every
    column but the write stamps)."""
    snapshot = {}
    for table in RECORD_TABLES:
        cr.execute("""SELECT column_name FROM information_schema.columns
                       WHERE table_name = %s AND column_name NOT IN ('write_date', 'write_uid')
                       ORDER BY column_name""", [table])
        columns = ', '.join('"%s"' % row[0] for row in cr.fetchall())
        cr.execute('SELECT count(*), md5(string_agg(row(%s)::text, \'|\' ORDER BY id)) FROM "%s"' % (
            columns, table))
        snapshot[table] = cr.fetchone()
    cr.execute('SELECT count(*), md5(string_agg(row(id, %s)::text, \'|\' ORDER BY id)) FROM sale_order' % (
        ', '.join(ORDER_COLUMNS)))
    snapshot['sale_order'] = cr.fetchone()
    cr.execute("SELECT count(*) FROM sale_order WHERE merch_customs_state IS NOT NULL AND merch_customs_state != 'draft'")
    snapshot['orders with customs progress'] = cr.fetchone()[0]
    return snapshot


class TestUpgrade(unittest.TestCase):

    def test_upgrade_keeps_records_and_user_edits(self):
        with database_copy('upgrade') as database:
            with cursor(database) as cr:
                # What a manager changes in the data the addon ships (noupdate).
                cr.execute("UPDATE merchandising_stage SET name = 'Lab dips & samples' WHERE id = %s",
                           [_xml_id(cr, 'merchandising.stage_sampling')])
                cr.execute("UPDATE mail_template SET name = 'Sample on its way (our wording)', "
                           "subject = 'Your sample is on its way' WHERE id = %s",
                           [_xml_id(cr, 'merchandising.mail_template_sample_sent')])
                cr.execute("UPDATE merchandising_milestone_template SET name = 'Knitwear T&A' WHERE id = %s",
                           [_xml_id(cr, 'merchandising.milestone_template_default')])
                before = _snapshot(cr)
            for table in RECORD_TABLES + ['sale_order', 'orders with customs progress']:
                count = before[table] if isinstance(before[table], int) else before[table][0]
                self.assertGreater(count, 0, '%s: the demo data should have some to keep' % table)

            odoo_bin('-d', database, '-u', 'merchandising', '--stop-after-init')

            with cursor(database) as cr:
                self.assertEqual(_snapshot(cr), before)
                cr.execute("SELECT latest_version FROM ir_module_module WHERE name = 'merchandising'")
                self.assertTrue(cr.fetchone()[0])
                cr.execute("SELECT name FROM merchandising_stage WHERE id = %s",
                           [_xml_id(cr, 'merchandising.stage_sampling')])
                self.assertEqual(cr.fetchone()[0], 'Lab dips & samples')
                cr.execute("SELECT name, subject FROM mail_template WHERE id = %s",
                           [_xml_id(cr, 'merchandising.mail_template_sample_sent')])
                self.assertEqual(cr.fetchone(), ('Sample on its way (our wording)', 'Your sample is on its way'))
                cr.execute("SELECT name FROM merchandising_milestone_template WHERE id = %s",
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
import json
partner = env['res.partner'].create({'name': 'After Uninstall Ltd', 'customer': True})
product = env['product.product'].create({
    'name': 'Plain tee', 'type': 'consu', 'invoice_policy': 'delivery', 'list_price': 12.0})
order = env['sale.order'].create({'partner_id': partner.id, 'order_line': [(0, 0, {
    'product_id': product.id, 'product_uom_qty': 5, 'price_unit': 12.0})]})
order.action_confirm()
picking = order.picking_ids
picking.action_assign()
for move in picking.move_lines:
    move.quantity_done = move.product_uom_qty
picking.button_validate()
invoice = env['account.invoice'].browse(order.action_invoice_create())
invoice.action_invoice_open()
print('RESULT ' + json.dumps({
    'order': order.state, 'picking': picking.state, 'delivered': order.order_line.qty_delivered,
    'invoice': invoice.state, 'total': invoice.amount_untaxed, 'invoice_status': order.invoice_status,
    'fields': sorted(name for name in order._fields if name.startswith('merch'))}))
env.cr.commit()
"""


class TestUninstall(unittest.TestCase):

    def test_uninstall_removes_the_addon_and_sales_still_work(self):
        with database_copy('uninstall') as database:
            with cursor(database) as cr:
                cr.execute("""SELECT model, res_id FROM ir_model_data WHERE module = 'merchandising'
                               AND model IN ('ir.ui.menu', 'ir.cron', 'ir.model', 'ir.model.fields')""")
                owned = {}
                for model, res_id in cr.fetchall():
                    owned.setdefault(model, []).append(res_id)
                cr.execute("SELECT name FROM ir_model_fields WHERE model = 'sale.order' AND id IN %s",
                           [tuple(owned['ir.model.fields'])])
                order_fields = [row[0] for row in cr.fetchall()]
            self.assertIn('merch_stage_id', order_fields)
            self.assertTrue(owned['ir.ui.menu'] and owned['ir.cron'])

            # Odoo logs an ERROR ("bad query") for each demo record it cannot
            # delete because sales still use it (a product on a delivered
            # move, a customer with orders), keeps the record, and goes on.
            odoo_bin('shell', '-d', database, script=UNINSTALL, errors_allowed=True)
            output = odoo_bin('shell', '-d', database, script=SELL)

            result = json.loads(output.split('RESULT ', 1)[1].splitlines()[0])
            self.assertEqual(result['order'], 'sale')
            self.assertEqual(result['picking'], 'done')
            self.assertEqual(result['delivered'], 5)
            self.assertEqual(result['invoice'], 'open')
            self.assertEqual(result['total'], 60.0)
            self.assertEqual(result['invoice_status'], 'invoiced')
            self.assertEqual(result['fields'], [])
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
                    cr.execute('SELECT id FROM "%s" WHERE id IN %%s' % table, [tuple(ids)])
                    self.assertEqual(cr.fetchall(), [], '%s rows of the addon left' % table)
                cr.execute("SELECT name FROM ir_model_fields WHERE model = 'sale.order' AND name IN %s",
                           [tuple(order_fields)])
                self.assertEqual(cr.fetchall(), [])
                cr.execute("""SELECT column_name FROM information_schema.columns
                               WHERE table_name = 'sale_order' AND column_name IN %s""",
                           [tuple(order_fields)])
                self.assertEqual(cr.fetchall(), [])
                cr.execute("SELECT count(*) FROM ir_cron WHERE ir_actions_server_id IN "
                           "(SELECT id FROM ir_act_server WHERE code LIKE '%_cron_chase_list%')")
                self.assertEqual(cr.fetchone()[0], 0)
                cr.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'merchandising%'")
                self.assertEqual(cr.fetchall(), [])
