"""Correct code, every test cell deleted: the tests come from the instructor's notebook anyway.

status: graded
score: full
transform: delete_test_cells
"""
