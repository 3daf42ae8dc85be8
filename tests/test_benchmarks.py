"""The benchmarks read their targets from the course's one source (quick checks, no timing)."""
from __future__ import annotations

from benchmarks.training import graded_cell, graded_settings


def test_graded_settings_come_from_the_graded_cell():
    cfg = graded_settings()
    assert set(cfg) == {"EPOCHS", "BATCH_SIZE", "MIN_TEST_ACCURACY", "TIME_BUDGET_S"}
    cell = graded_cell()
    assert f"{cfg['MIN_TEST_ACCURACY']:g}" in cell and f"{cfg['TIME_BUDGET_S']:g}" in cell
    assert 0 < cfg["MIN_TEST_ACCURACY"] < 1 and cfg["EPOCHS"] >= 1 and cfg["TIME_BUDGET_S"] > 0
