"""Screenshots of the running web client, as a user sees it (README pictures,
the phone measurement): headless Chromium driven through its DevTools
protocol (websocket-client, in the venv), logged in through the login form.

    python tools/screenshot.py --url http://127.0.0.1:8069 --login merchandiser1 \
        --password merchandiser1 --size 390x844 --out docs/x.png /odoo/merchandising-pipeline

Waits for the page to settle (no pending request for a second) before each shot.
"""
import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket


class Chromium:
    def __init__(self, width, height, mobile):
        port = self._free_port()
        self.profile = tempfile.mkdtemp(prefix='merch-shot-')
        self.process = subprocess.Popen([
            shutil.which('chromium') or 'chromium', '--headless=new', '--no-sandbox', '--disable-gpu',
            '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--hide-scrollbars',
            '--remote-debugging-port=%d' % port, '--user-data-dir=%s' % self.profile,
            '--window-size=%d,%d' % (width, height), 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                targets = json.load(urllib.request.urlopen('http://127.0.0.1:%d/json' % port))
                page = next(t for t in targets if t['type'] == 'page')
                break
            except (OSError, StopIteration):
                time.sleep(0.1)
        else:
            raise RuntimeError('Chromium did not start')
        self.ws = websocket.create_connection(page['webSocketDebuggerUrl'], timeout=60)
        self.ids = 0
        self.call('Page.enable')
        self.call('Network.enable')
        self.call('Emulation.setDeviceMetricsOverride', width=width, height=height,
                  deviceScaleFactor=2 if mobile else 1, mobile=mobile)
        if mobile:
            self.call('Emulation.setTouchEmulationEnabled', enabled=True)

    @staticmethod
    def _free_port():
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            return sock.getsockname()[1]

    def call(self, method, **params):
        self.ids += 1
        self.ws.send(json.dumps({'id': self.ids, 'method': method, 'params': params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get('id') == self.ids:
                if 'error' in message:
                    raise RuntimeError('%s: %s' % (method, message['error']))
                return message.get('result', {})

    def evaluate(self, expression):
        return self.call('Runtime.evaluate', expression=expression, awaitPromise=True,
                         returnByValue=True).get('result', {}).get('value')

    def open(self, url, settle=1.5):
        self.call('Page.navigate', url=url)
        deadline = time.time() + 60
        while time.time() < deadline:
            time.sleep(0.5)
            ready = self.evaluate("document.readyState === 'complete' && "
                                  "!document.querySelector('.o_loading_indicator, .o_blockUI')")
            if ready:
                break
        time.sleep(settle)

    def screenshot(self, path):
        data = self.call('Page.captureScreenshot', format='png')['data']
        with open(path, 'wb') as out:
            out.write(base64.b64decode(data))

    def quit(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--url', default='http://127.0.0.1:8069')
    parser.add_argument('--login', required=True)
    parser.add_argument('--password', required=True)
    parser.add_argument('--size', default='1366x768')
    parser.add_argument('--out', required=True, help="PNG file, or a folder for several paths")
    parser.add_argument('--click', action='append', default=[],
                        help="a CSS selector to click before the shot (repeatable)")
    parser.add_argument('paths', nargs='+')
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split('x'))
    browser = Chromium(width, height, mobile=width < 768)
    try:
        browser.open(args.url + '/web/login')
        browser.evaluate("""(() => {
            document.querySelector('input[name=login]').value = %s;
            document.querySelector('input[name=password]').value = %s;
            document.querySelector('form.oe_login_form').submit(); })()""" % (
            json.dumps(args.login), json.dumps(args.password)))
        time.sleep(2)
        for index, path in enumerate(args.paths):
            browser.open(args.url + path, settle=2.5)
            for selector in args.click:
                browser.evaluate("document.querySelector(%s).click()" % json.dumps(selector))
                time.sleep(1.5)
            out = args.out if len(args.paths) == 1 else os.path.join(args.out, '%02d.png' % index)
            browser.screenshot(out)
            print(out)
    finally:
        browser.quit()


if __name__ == '__main__':
    main()
