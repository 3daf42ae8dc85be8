"""The col2im cell deleted: its tests score 0 and say that the cell is missing.

status: graded
score: 7
transform: delete_solution_cell task1_3_col2im
message: the solution cell task1_3_col2im is missing from the notebook
"""
