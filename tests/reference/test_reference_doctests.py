"""The examples in the reference modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["regions", "classifications", "boundaries", "_build_regions", "_build_population"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    # import_module: the package re-exports the function ``boundaries`` under its module's name.
    module = importlib.import_module(f"ecc_atlas.reference.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
