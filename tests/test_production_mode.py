"""`MERCH_WORKERS=2 make run` serves the addon with Odoo's prefork workers, as
the README's production set-up does: started as a user would, on a copy of the
test database without demo data, and logged into."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil

from database_copy import copy_database, drop_database

ROOT = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _json_rpc(url, params, cookie=None):
    request = urllib.request.Request(url, json.dumps({'jsonrpc': '2.0', 'params': params}).encode(),
                                     {'Content-Type': 'application/json', **({'Cookie': cookie} if cookie else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response), response.headers.get('Set-Cookie')


def test_make_run_serves_with_two_workers():
    template = os.environ['MERCH_TEST_DB_NODEMO']
    database = '%s_workers' % template
    copy_database(template, database)
    port = _free_port()
    env = dict(os.environ, MERCH_DB=database, MERCH_WORKERS='2', MERCH_HTTP_PORT=str(port))
    server = subprocess.Popen(['make', '-s', 'run'], cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = 'http://127.0.0.1:%d' % port
        deadline = time.time() + 240
        while time.time() < deadline:
            assert server.poll() is None, 'make run stopped: %s' % server.stderr.read().decode()[-2000:]
            try:
                urllib.request.urlopen(url + '/web/login', timeout=5)
                break
            except OSError:
                time.sleep(1)
        else:
            raise AssertionError('make run did not serve %s within 240 s' % url)
        result, cookie = _json_rpc(url + '/web/session/authenticate',
                                   {'db': database, 'login': 'admin', 'password': 'admin'})
        assert result.get('result', {}).get('uid'), result
        # Odoo's prefork server: one master with (at least) two HTTP workers.
        odoo_processes = [process for process in psutil.Process(server.pid).children(recursive=True)
                          if 'odoo-bin' in ' '.join(process.cmdline())]
        assert len(odoo_processes) >= 3, [process.cmdline() for process in odoo_processes]
        # The addon answers through a worker: the merchandiser's pipeline action loads.
        result, _cookie = _json_rpc(url + '/web/action/load',
                                    {'action_id': 'merchandising.action_merchandising_pipeline'},
                                    cookie=cookie.split(';')[0])
        assert result['result']['res_model'] == 'sale.order', result
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        drop_database(database)
        for leftover in (ROOT / '.local' / ('%s.conf' % database), ROOT / '.local' / 'data' / ('.%s.sha' % database)):
            leftover.unlink(missing_ok=True)
