"""The course's grading tooling (instructor side; never in the student wheel).

    cells/          notebook cells and nbgrader's markers: every predicate in one place
    isolated/       the default engine, grader's side: tests here, student code in a sandbox
    sandboxed/      what runs inside that sandbox (bound whole, standard library + NumPy only)
    nbgrader_glue/  nbgrader itself: throwaway courses, the release, the plain engine, course folders
    batch/          a whole class: collect, grade in parallel, cache, grades.csv, feedback pages;
                    after grading: LMS gradebook files, the class report, the similarity report
    course.py       where the notebooks are;  result.py  the one result type;  errors.py  GradingError
    reference.py    the reference solutions as code;  oracles.py  naive loops the hidden tests use
"""
