"""os._exit(3) at the top level of a solution cell: the code cannot even be loaded.

status: crashed
score: 0
message: could not be loaded.*exit code 3
"""
# %% task1_3_col2im
import os
os._exit(3)
