"""An endless loop at the top level of a solution cell: nothing can be loaded before the time limit.

status: timed_out
score: 0
limits: {"test_timeout_s": 3, "timeout_s": 60}
message: while the solution cells were being loaded
"""
# %% task1_3_col2im
while True:
    pass
