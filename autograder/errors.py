"""The one exception of the grading tooling: the grader itself failed, not the student's code.

Kept in a module of its own, with no import side effects, so that every part can raise it.
"""
from __future__ import annotations


class GradingError(RuntimeError):
    """The grader itself failed (never a student's mistake: never a student's 0)."""
