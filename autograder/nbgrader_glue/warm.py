"""Imported once by the plain engine's worker processes (see batch/), so that every notebook's
grading starts warm.

nbgrader asks the `alembic` command for its schema head (a Python subprocess, about 2 s) every
time it creates a gradebook, and the plain grader creates one per notebook. The answer is a
constant of the installed nbgrader: ask once here and let every forked worker inherit it.
"""
from __future__ import annotations

import functools

import nbgrader.api
import nbgrader.apps

import autograder.nbgrader_glue.plain  # noqa: F401
from autograder.nbgrader_glue.tempcourse import prepare_process


def memoize_alembic_head() -> None:
    prepare_process()                # alembic is found on this environment's PATH
    if not hasattr(nbgrader.api.get_alembic_version, "cache_info"):
        nbgrader.api.get_alembic_version = functools.lru_cache(maxsize=None)(nbgrader.api.get_alembic_version)
    nbgrader.api.get_alembic_version()


memoize_alembic_head()
