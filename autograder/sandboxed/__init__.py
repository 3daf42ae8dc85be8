"""What runs INSIDE the sandbox: the student's side of isolated grading (see isolated/ for the
grader's side).

The sandbox binds this folder whole, read-only, and starts ``python -m sandboxed.runner``; the
grader imports the same modules as ``autograder.sandboxed``. So every module here imports only
the standard library, NumPy and its neighbours (relative imports), never the rest of autograder,
which the sandbox does not contain.

* wire.py      the message format (JSON + raw .npy bytes, never pickle) and its framing
* codec.py     values <-> wire nodes
* objects.py   the table of objects a side keeps for the other (handles)
* protocol.py  requests and errors as both sides write and read them
* handles.py   a handle to an object of the other side (Handle), and GraderProxy
* runner.py    the runner: loads the student's cells and serves the grader's requests
"""
