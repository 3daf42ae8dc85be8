"""Imported by the grading forkserver (see pool.py) so that every worker starts warm.

nbgrader asks the `alembic` command for its schema head (a Python subprocess, about 2 s) every
time it creates a gradebook, and the plain grader creates one per notebook. The answer is a
constant of the installed nbgrader: ask once here and let every forked worker inherit it.
"""
from __future__ import annotations

import functools

import nbgrader.api
import nbgrader.apps  # noqa: F401  (the slow import, done once)

import autograder.grade  # noqa: F401


def memoize_alembic_head() -> None:
    if not hasattr(nbgrader.api.get_alembic_version, "cache_info"):
        nbgrader.api.get_alembic_version = functools.lru_cache(maxsize=None)(nbgrader.api.get_alembic_version)
    nbgrader.api.get_alembic_version()


memoize_alembic_head()
