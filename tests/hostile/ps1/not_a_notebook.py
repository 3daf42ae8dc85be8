"""Valid JSON, but a list of cells rather than a notebook.

status: unreadable
score: 0
transform: not_a_notebook
message: no list of cells
"""
