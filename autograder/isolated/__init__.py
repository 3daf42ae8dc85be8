"""Isolated grading, the grader's side: the student's code runs in a sandbox (sandbox.py, with the
runner of ../sandboxed), the instructor's tests run here and reach the student's functions through
proxies (session.py, remote.py); a test's own objects are lent to the student's code under rules
(exports.py).

* plan.py        what the grader takes from the solution notebook
* submission.py  what it takes from the student's notebook (the solution cells only)
* engine.py      grade_isolated(): the run, test cell by test cell
"""
from __future__ import annotations

from .engine import grade_isolated

__all__ = ["grade_isolated"]
