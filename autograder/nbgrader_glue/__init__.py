"""Everything that goes through nbgrader itself.

* tempcourse.py     throwaway nbgrader course folders (the instructor's gradebook is never touched)
* release.py        the student release, generated with nbgrader from the solution notebooks
* plain.py          the plain engine (CLI: --engine nbgrader): nbgrader's autograde, student code
                    and tests in one kernel; only for trusted notebooks
* course_folder.py  a graded class as an nbgrader course folder (for nbgrader's own tools)
* warm.py           what the plain engine's worker processes import once
"""
