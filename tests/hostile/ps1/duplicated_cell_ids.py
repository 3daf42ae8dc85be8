"""Every cell has the same cell id (an invalid notebook that Jupyter may still save): graded normally.

status: graded
score: full
transform: duplicate_cell_ids
message: appears more than once
"""
