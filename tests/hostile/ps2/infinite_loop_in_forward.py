"""conv_forward never returns: its first test runs out of the per-test time limit, and every later
test that calls it (conv_forward's and conv_backward's, 9 points) fails at once; the pooling tests,
which never call it, keep their 11 points.

status: graded
score: 11
limits: {"test_timeout_s": 3, "timeout_s": 120}
message: conv_forward did not return within the time limit
"""
# %% task2_1_conv_forward
def conv_forward(x, w, b, stride=1, pad=0):
    while True:
        pass
