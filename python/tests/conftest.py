import os

import pytest


def need(module):
    """Imports an optional test dependency: skipped when it is missing,
    unless MOJIFIX_REQUIRE_ENGINES is set (CI sets it, so that a failed
    install fails the run instead of skipping the engines)."""
    if os.environ.get("MOJIFIX_REQUIRE_ENGINES"):
        return __import__(module, fromlist=["_"])
    return pytest.importorskip(module)


def pytest_collection_modifyitems(config, items):
    """The engines last: Spark and Ray leave the machine loaded for a while,
    and the GIL timing test wants it quiet."""
    items.sort(key=lambda item: "test_engines" in item.nodeid)
