"""Tests that talk to Odoo over HTTP, as a browser does, on the test database.

Odoo 11's own HttpCase opens its test cursor before entering the registry's
test mode, so the server never sees the data a test creates. Here the test
mode comes first: the test and the server's requests share one cursor (a
savepoint is rolled back at the end), taking turns through its lock.
"""
import re
import socket
from contextlib import contextmanager

import requests

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.server import ThreadedServer
from odoo.tests.common import get_db_name

_server_port = None


def server_port():
    """Start one Odoo HTTP server in this process, on a free port."""
    global _server_port
    if _server_port is None:
        sock = socket.socket()
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
        sock.close()
        odoo.tools.config['http_interface'] = '127.0.0.1'
        odoo.tools.config['http_port'] = port
        ThreadedServer(odoo.service.wsgi_server.application).http_spawn()
        _server_port = port
    return _server_port


class HttpTestCase(odoo.tests.common.BaseCase):

    def setUp(self):
        super(HttpTestCase, self).setUp()
        self.port = server_port()
        self.registry = odoo.registry(get_db_name())
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)
        self.cr = self.registry.cursor()    # the shared test cursor, lock held
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.addCleanup(self.registry.clear_caches)
        self.addCleanup(self.env.reset)

    def let_server_in(self):
        """Save what the test wrote and hand the cursor to the server."""
        self.cr.commit()
        self.cr.release()

    @contextmanager
    def db(self):
        """Take the cursor back from the server, with fresh caches."""
        self.cr.acquire()
        self.env.cache.invalidate()
        try:
            yield self.env
        finally:
            self.cr.commit()
            self.cr.release()

    def browser(self, login=None, password=None):
        """A browser session on the test database, logged in through the
        login form when a login is given."""
        session = requests.Session()
        store_session = odoo.http.root.session_store.new()
        store_session.db = get_db_name()
        odoo.http.root.session_store.save(store_session)
        session.cookies['session_id'] = store_session.sid
        if login:
            page = self.get(session, '/web/login')
            response = session.post(self.url('/web/login'), data={
                'login': login, 'password': password, 'csrf_token': self.csrf_token(page.text),
                'db': get_db_name()}, timeout=30)
            self.assertNotIn('Wrong login/password', response.text)
        return session

    def url(self, path):
        return 'http://127.0.0.1:%s%s' % (self.port, path)

    def get(self, session, path, **kw):
        return session.get(self.url(path), timeout=30, **kw)

    def post(self, session, path, data, **kw):
        return session.post(self.url(path), data=data, timeout=30, **kw)

    @staticmethod
    def csrf_token(html):
        """The CSRF token of a page: from a form, or from the page's script."""
        found = (re.search(r'name="csrf_token" value="([^"]+)"', html)
                 or re.search(r'csrf_token: "([^"]+)"', html))
        return found.group(1)
