"""Shared paths for the Python package's tests (run by scripts/test-python.sh)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"
NOTEBOOK = ROOT / "examples" / "notebooks" / "quang-ninh.ipynb"


@pytest.fixture(scope="session")
def sample():
    import chitieu

    return chitieu.sample()
