"""The browser tests (``test_e2e_*.py``) never skip: Odoo's HttpCase skips a
tour when Chromium or websocket-client is missing or will not start, which
would let a broken machine pass. Here such a skip is a failure that says why."""
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.path.name.startswith('test_e2e_'):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = 'failed'
        report.longrepr = 'a browser test may not be skipped (install chromium: make setup): %s' % reason
