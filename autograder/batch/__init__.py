"""Grading a class: collect the submissions (a folder or an LMS zip), grade each notebook in its own
process, cache every result, and write what people read.

* collect.py     find each student's notebook (collect())
* pool.py        run the grading function on many notebooks, N at a time
* run.py         grade_all(): the batch, its cache and its outputs
* gradesheet.py  grades.csv and report.json
* feedback.py    one offline feedback page per student
* cli.py         the grade-all command line
* lms.py         Canvas's, Moodle's and Blackboard's download layouts (whose file is it, late or not)

After grading, from the output folder alone (commands.py: export, report, similarity):

* classrun.py    a grade-all folder read back (grades.csv, report.json), row by row
* roster.py, overrides.py, finals.py   the roster join; scores changed by hand; late penalties
* exports.py     canvas.csv, moodle.csv, tests.csv
* report.py      the class report page
* similarity.py  pairs of alike answers (copydetect), with the code side by side
"""
from __future__ import annotations

from .run import grade_all

__all__ = ["grade_all"]
