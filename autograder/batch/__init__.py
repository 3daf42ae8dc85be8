"""Grading a class: collect the submissions (a folder or an LMS zip), grade each notebook in its own
process, cache every result, and write what people read.

* collect.py     find each student's notebook (collect())
* pool.py        run the grading function on many notebooks, N at a time
* run.py         grade_all(): the batch, its cache and its outputs
* gradesheet.py  grades.csv and report.json
* feedback.py    one offline feedback page per student
* cli.py         the grade-all command line
"""
from __future__ import annotations

from .run import grade_all

__all__ = ["grade_all"]
