"""A person at the web client: Debian's headless Chromium driven through
Selenium (chromium and chromium-driver are installed by ``tools/dev.sh
setup``; the browser tests fail, never skip, without them).

Every wait is on a condition (WebDriverWait); nothing sleeps to synchronise.
"""
import os
import re
import shutil

from selenium import webdriver
from selenium.common.exceptions import (ElementClickInterceptedException, ElementNotInteractableException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCREENSHOTS = os.path.join(ROOT, '.local', 'screenshots')
# Generous: the first page of a fresh database compiles the assets, and the
# machine is shared.
TIMEOUT = 90
PHONE = (390, 844)

# Selenium 3.141's default timeout is a sentinel that urllib3 2 rejects
# ("Timeout value connect was <object object ...>"): give it a number.
RemoteConnection.set_timeout(300)


def chromedriver():
    path = shutil.which('chromedriver') or '/usr/bin/chromedriver'
    assert os.path.exists(path) and (shutil.which('chromium') or shutil.which('chromium-browser')), (
        'chromium / chromedriver not installed: `make test` (tools/dev.sh setup) installs the Debian packages '
        'chromium and chromium-driver as root')
    return path


class Browser(object):

    def __init__(self, base_url, phone=False):
        self.base_url = base_url
        self._loads = 0
        options = webdriver.ChromeOptions()
        for argument in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                         '--lang=en-US', '--hide-scrollbars'):
            options.add_argument(argument)
        if phone:
            # A phone's viewport, touch and user agent: the web client (and
            # web_responsive) take the small-screen layout from them.
            options.add_experimental_option('mobileEmulation', {
                'deviceMetrics': {'width': PHONE[0], 'height': PHONE[1], 'pixelRatio': 1.0},
                'userAgent': 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 '
                             '(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'})
        else:
            options.add_argument('--window-size=1440,1000')
        self.driver = webdriver.Chrome(executable_path=chromedriver(), options=options)
        self.driver.set_page_load_timeout(TIMEOUT)

    def quit(self):
        self.driver.quit()

    # --- waiting -------------------------------------------------------------

    def wait(self, condition, message, timeout=TIMEOUT):
        """Wait until ``condition(driver)`` is truthy and return it; stale
        elements (the client re-renders) count as not yet."""
        def check(driver):
            try:
                return condition(driver)
            except StaleElementReferenceException:
                return False
        return WebDriverWait(self.driver, timeout, poll_frequency=0.2).until(check, message)

    def find(self, css, text=None, within=None, timeout=TIMEOUT):
        """The first visible element matching ``css`` (and containing
        ``text``), waiting for it to appear."""
        def found(driver):
            for element in (within or driver).find_elements(By.CSS_SELECTOR, css):
                if element.is_displayed() and (text is None or text in element.text):
                    return element
            return None
        return self.wait(found, 'no visible %s%s' % (css, ' with %r' % text if text else ''), timeout)

    def find_all(self, css, within=None):
        return [element for element in (within or self.driver).find_elements(By.CSS_SELECTOR, css)
                if element.is_displayed()]

    def gone(self, css, text=None, timeout=TIMEOUT):
        def absent(driver):
            return not any(text is None or text in element.text
                           for element in self.find_all(css))
        self.wait(absent, '%s%s still shown' % (css, ' with %r' % text if text else ''), timeout)

    def idle(self):
        """The web client shows no "Loading" indicator and no blocked UI."""
        self.wait(lambda driver: driver.execute_script(
            "return !!document.querySelector('.o_web_client') && "
            "![].some.call(document.querySelectorAll('.o_loading, .oe_blockui_spin_container'), "
            "function (el) { return el.offsetParent !== null; });"), 'the web client stays busy')

    # --- doing ---------------------------------------------------------------

    def open(self, path):
        self.driver.get(self.base_url + path)

    def login(self, login, password):
        """Log in through the login page (the portal lands on /my, an
        employee on the web client)."""
        self.open('/web/login')
        self.find('input[name=login]').send_keys(login)
        self.find('input[name=password]').send_keys(password)
        self.find('form button[type=submit]').click()
        self.wait(lambda driver: '/web/login' not in driver.current_url, 'still on the login page after '
                  'logging in as %s' % login)

    def open_client(self, fragment):
        """The web client at ``/web#<fragment>``, loaded afresh as a bookmark
        would be. The query string is new on each call, so that the browser
        loads the page anew: changing only the fragment of a client still
        starting (just after logging in) lets its home action win — a refresh
        after it is too late when the client has already rewritten the
        fragment."""
        self._loads += 1
        self.open('/web?load=%d#%s' % (self._loads, fragment))
        wanted = set(fragment.split('&'))
        self.wait(lambda driver: wanted <= set(driver.current_url.partition('#')[2].split('&')),
                  'the web client left /web#%s' % fragment)
        self.find('.o_view_manager_content, .o_form_view')
        self.idle()

    def open_action(self, action_id, menu_id=None):
        """The web client at an action, as its menu opens it."""
        self.open_client('action=%d' % action_id + ('&menu_id=%d' % menu_id if menu_id else ''))

    def open_record(self, model, record_id):
        """A record's form."""
        self.open_client('id=%d&model=%s&view_type=form' % (record_id, model))

    def drag(self, element, target):
        """Drag with real mouse moves: jQuery-UI's sortable (the kanban's
        columns) starts only after the mouse moved a few pixels while held,
        and picks the column under the pointer on each move."""
        actions = ActionChains(self.driver)
        actions.click_and_hold(element)
        for _step in range(3):
            actions.move_by_offset(5, 5)
        actions.move_to_element(target)
        actions.move_by_offset(0, 10)
        actions.move_by_offset(0, 10)
        actions.release()
        actions.perform()

    def press(self, locate, what):
        """Click the element ``locate(driver)`` returns, as ``click`` does:
        once it stands still and takes the click (found again each time: the
        client re-renders)."""
        last = {}

        def clicked(driver):
            element = locate(driver)
            if element is None:
                return None
            # Still sliding (web_responsive's drawer, a dialog fading in): a
            # click there lands beside it, and Chromium reports no error.
            rect = element.rect
            if rect != last.get('rect'):
                last['rect'] = rect
                return None
            try:
                element.click()
            except (ElementClickInterceptedException, ElementNotInteractableException):
                return None
            return element
        return self.wait(clicked, '%s never stood still and took a click' % what)

    def click(self, css, text=None, within=None):
        """Click the element as a person would, once it can take the click:
        a panel still sliding in (web_responsive's app drawer) or a backdrop
        still fading out covers it for a moment, and Chromium then refuses
        the click ("element click intercepted") without sending it."""
        return self.press(lambda driver: self.find(css, text=text, within=within),
                          '%s%s' % (css, ' with %r' % text if text else ''))

    def open_app(self, name):
        """Open an app from web_responsive's app drawer, once the client has
        started (its home action loaded) and the drawer has slid in."""
        self.idle()
        self.click('.app-drawer-toggle')
        self.click('#appDrawerAppMenu a[data-menu-name="%s"]' % name)
        self.gone('.drawer-open #appDrawerAppMenu')
        self.idle()

    # --- the kanban ----------------------------------------------------------

    def column(self, title):
        """The kanban column whose header reads ``title``."""
        def found(driver):
            for group in driver.find_elements(By.CSS_SELECTOR, '.o_kanban_view .o_kanban_group'):
                titles = group.find_elements(By.CSS_SELECTOR, '.o_column_title')
                if titles and titles[0].get_attribute('textContent').strip() == title:
                    return group
            return None
        return self.wait(found, 'no kanban column %r' % title)

    def cards(self, title):
        """The texts of the cards in a column."""
        return [card.get_attribute('textContent')
                for card in self.column(title).find_elements(By.CSS_SELECTOR, '.o_kanban_record')]

    def card(self, title, text):
        """The card containing ``text`` in the column ``title``, waiting for it."""
        def found(driver):
            for card in self.column(title).find_elements(By.CSS_SELECTOR, '.o_kanban_record'):
                if text in card.get_attribute('textContent'):
                    return card
            return None
        return self.wait(found, 'no card %r in the column %r' % (text, title))

    def scroll_to(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element)

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, re.sub(r'[^\w.-]+', '_', name) + '.png')
        try:
            self.driver.save_screenshot(path)
        except Exception:   # a screenshot must not hide why a test failed
            return None
        return path

    def viewport_width(self):
        return self.driver.execute_script('return document.documentElement.clientWidth')

    def overflowing(self, css):
        """The elements matching ``css`` that stick out of the viewport
        horizontally (cut off on a phone)."""
        return self.driver.execute_script("""
            var width = document.documentElement.clientWidth;
            return [].filter.call(document.querySelectorAll(arguments[0]), function (el) {
                var box = el.getBoundingClientRect();
                return el.offsetParent !== null && (box.left < -0.5 || box.right > width + 0.5);
            }).map(function (el) { return el.className + ': ' + el.textContent.trim().slice(0, 60); });
        """, css)

