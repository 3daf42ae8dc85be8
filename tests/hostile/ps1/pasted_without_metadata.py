"""The code pasted into a fresh notebook: the cells have no nbgrader metadata, so no solution cell.

status: wrong_assignment
score: 0
transform: strip_nbgrader_metadata
message: none of its solution cells
"""
