"""Let pytest-odoo 1.0.1 collect the top-level ``tests/`` folder.

The plugin assumes every test lives inside an addon: it reads a
``__manifest__.py`` above each collected path (crashing when there is none)
and imports test files as ``odoo.addons.<...>``. The project's tests live
outside the addon, so for them these hooks answer first: collect the folder,
and import its files as plain modules. The plugin still starts Odoo on the
database given by ``--odoo-database``.
"""
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent / 'tests'


def _in_tests(path):
    path = Path(str(path)).resolve()
    return path == TESTS or TESTS in path.parents


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path):
    if _in_tests(collection_path):
        return False
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    if _in_tests(module_path):
        return pytest.Module.from_parent(parent, path=module_path)
    return None
