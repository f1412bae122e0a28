"""A real Odoo server in its own process, on a free port, serving the test
database: for what must not run inside the test's transaction — wkhtmltopdf
fetching a report's stylesheets, a browser. It sees committed data only (the
demo data); what a test writes in its own transaction stays invisible to it."""
import atexit
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unicodedata

import requests

import odoo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class OdooServer(object):

    def __init__(self, database):
        self.database = database
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.process = None

    def start(self, attempts=3, extra_args=(), timeout=120):
        """Start the server; start it again when its registry fails to load
        (seen once in a full run: a KeyError on res.partner in the fresh
        process, never reproduced). ``extra_args`` go to odoo-bin (the
        browser tests load a language); ``timeout`` is per attempt, seconds."""
        for attempt in range(attempts):
            if self._start_once(list(extra_args), timeout):
                return self
            self.stop()
        raise RuntimeError('the Odoo server did not start: see %s' % self.log_name)

    def _start_once(self, extra_args, timeout):
        self.log_name = os.path.join(odoo.tools.config['data_dir'], 'test-server-%d.log' % self.port)
        log = open(self.log_name, 'w')
        env = {key: value for key, value in os.environ.items() if key not in ('HOST', 'PORT', 'USER', 'PASSWORD')}
        env['PATH'] = os.pathsep.join([os.path.join(ROOT, 'node_modules', '.bin'), os.path.dirname(sys.executable),
                                       env.get('PATH', '')])
        self.process = subprocess.Popen([
            sys.executable, os.path.join(ROOT, 'tools', 'odoo-bin'), '-c', odoo.tools.config.rcfile,
            '-d', self.database, '--db-filter', '^%s$' % re.escape(self.database),
            '--http-interface', '127.0.0.1', '--http-port', str(self.port), '--workers', '0',
            '--max-cron-threads', '0', '--log-level', 'warn'] + extra_args, env=env, stdout=log, stderr=subprocess.STDOUT)
        atexit.register(self.stop)      # even when the test run is interrupted
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                return False
            with open(self.log_name) as written:
                if 'Failed to load registry' in written.read():
                    return False
            try:
                if requests.get(self.url + '/web/login', timeout=60).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.5)
        return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)

    def session(self, login, password):
        """A logged-in browser session."""
        session = requests.Session()
        page = session.get(self.url + '/web/login', timeout=30)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = session.post(self.url + '/web/login', timeout=60, data={
            'login': login, 'password': password, 'csrf_token': token, 'db': self.database})
        if 'Wrong login/password' in response.text:
            raise RuntimeError('cannot log in as %s' % login)
        return session


def pdf_text(content):
    """The text of a PDF, as pdftotext reads it (layout kept). NFKC folds the
    Kangxi radicals pdftotext reads some glyphs as (⼈ for 人) back to the
    characters printed."""
    result = subprocess.run(['pdftotext', '-layout', '-', '-'], input=content, stdout=subprocess.PIPE, check=True)
    return unicodedata.normalize('NFKC', result.stdout.decode('utf-8'))


def pdf_tools_missing():
    return [tool for tool in ('wkhtmltopdf', 'pdftotext') if not shutil.which(tool)]
