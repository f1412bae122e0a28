"""What the browser tests (``test_e2e_*.py``) share: a copy of the test
database served by a real Odoo server, and a headless Chromium per test that
keeps a screenshot of what it showed, pass or fail.

The browser commits what it does (it goes through the real server), so the
tests run on a copy of the demo database, made once per session and dropped at
the end: the other tests keep the pristine demo data.
"""
import glob
import os
from contextlib import closing

import pytest

import odoo
from odoo.tests.common import get_db_name

from browser import SCREENSHOTS, Browser
from database_copy import copy_database, drop_database
from odoo_server import OdooServer


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Let fixtures know how their test went (the browser saves a screenshot
    named after a failing test)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, 'rep_' + report.when, report)


class E2EDatabase(object):
    """A copy of the demo database (``<test database>_e2e``), with its
    filestore (no test holds a cursor on the template between tests)."""

    def __init__(self, template):
        self.template = template
        self.name = '%s_e2e' % template

    def create(self):
        copy_database(self.template, self.name)
        return self

    def drop(self):
        drop_database(self.name)

    def execute(self, query, params=None):
        """Run one SQL statement on the copy, committed; the rows if any."""
        with closing(odoo.sql_db.db_connect(self.name).cursor()) as cr:
            cr.execute(query, params)
            rows = cr.fetchall() if cr.description else None
            cr.commit()
        odoo.sql_db.close_db(self.name)
        return rows

    def ref(self, xmlid):
        """The database id of a record named by its XML id."""
        module, name = xmlid.split('.')
        rows = self.execute('SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s', (module, name))
        assert rows, 'no record %s in %s' % (xmlid, self.name)
        return rows[0][0]


@pytest.fixture(scope='session')
def e2e():
    """The copy database and a real server on it (``e2e.server.url``).

    Chinese is loaded into the copy when the server starts
    (``--load-language``) and is the language of merchandiser2 (Wang Wei), so
    that one test sees the Chinese client while the others read English."""
    # This run's screenshots only: a FAILED-... left by an earlier run would mislead.
    for name in glob.glob(os.path.join(SCREENSHOTS, '*.png')):
        os.remove(name)
    database = E2EDatabase(get_db_name()).create()
    try:
        database.execute("""
            UPDATE res_partner SET lang = 'zh_CN'
             WHERE id = (SELECT partner_id FROM res_users WHERE login = 'merchandiser2')""")
        database.server = OdooServer(database.name).start(extra_args=['--load-language', 'zh_CN'],
                                                          timeout=300)
        yield database
    finally:
        server = getattr(database, 'server', None)
        if server:
            server.stop()
        database.drop()


@pytest.fixture
def browser(request, e2e):
    """A fresh headless Chromium (no cookies) on the e2e server."""
    yield from _browser(request, e2e, phone=False)


@pytest.fixture
def phone(request, e2e):
    """A headless Chromium emulating a 390 × 844 phone."""
    yield from _browser(request, e2e, phone=True)


def _browser(request, e2e, phone):
    browser = Browser(e2e.server.url, phone=phone)
    try:
        yield browser
    finally:
        call = getattr(request.node, 'rep_call', None)
        if call is None or call.failed:
            browser.screenshot('FAILED-%s' % request.node.name)
        browser.quit()
