"""A notebook with no cells at all.

status: wrong_assignment
score: 0
transform: empty_notebook
message: none of its solution cells
"""
