"""conv_forward never returns: the time limit of the whole notebook is reached in the first test
cell; every test says it timed out or was not run.

status: timed_out
score: 0
limits: {"timeout_s": 6}
message: not run: the notebook's time limit
"""
# %% task2_1_conv_forward
def conv_forward(x, w, b, stride=1, pad=0):
    while True:
        pass
