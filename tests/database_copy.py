"""A copy of the test database, with its filestore, for the tests that must
commit (a browser on a real server, an upgrade, an uninstall) and leave the
demo data pristine for the others.

The copy is made the way Odoo's database manager duplicates one: CREATE
DATABASE ... TEMPLATE, which PostgreSQL refuses while anything is connected to
the template. This process's own connections to it are closed first; a closed
connection stays listed in pg_stat_activity until its server process has
exited, a moment later (later still on a busy machine), so the copy waits for
them rather than failing at once.
"""
import os
import shutil
import time
from contextlib import closing

import odoo
from odoo.sql_db import close_db, db_connect
from odoo.tools import SQL


def _admin_cursor():
    cr = db_connect('postgres').cursor()
    cr._cnx.autocommit = True     # CREATE/DROP DATABASE refuse a transaction block (as Odoo's own db service)
    return closing(cr)


def copy_database(template, name, timeout=30):
    """Create database ``name`` (and its filestore) as a copy of ``template``."""
    drop_database(name)     # what an interrupted run left
    close_db(template)
    with _admin_cursor() as cr:
        _wait_until_idle(cr, template, timeout)
        cr.execute(SQL("CREATE DATABASE %s ENCODING 'unicode' TEMPLATE %s",
                       SQL.identifier(name), SQL.identifier(template)))
    source = odoo.tools.config.filestore(template)
    if os.path.isdir(source):
        shutil.copytree(source, odoo.tools.config.filestore(name))


def drop_database(name):
    """Drop a copy and its filestore, whoever is still connected to it."""
    close_db(name)
    with _admin_cursor() as cr:
        # Only the copy's own connections (a test server's, stopped by now).
        cr.execute('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s', (name,))
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(name)))
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


def _wait_until_idle(cr, database, timeout):
    deadline = time.time() + timeout
    while True:
        cr.execute("""SELECT pid, application_name, state, backend_start, left(query, 200)
                        FROM pg_stat_activity WHERE datname = %s""", (database,))
        others = cr.fetchall()
        if not others or time.time() > deadline:
            break
        time.sleep(0.2)
    assert not others, ('%d connection(s) to %s stayed open %d s: the tests copy it and PostgreSQL needs it idle '
                        '(stop `make run` or a psql on it): %r' % (len(others), database, timeout, others))
