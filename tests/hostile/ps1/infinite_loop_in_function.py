"""im2col never returns: the test cell that first calls it runs out of its own time limit, later calls
of im2col fail at once ("not called again"), and every test that does not call im2col keeps its
points: conv_output_size's two (2) and col2im's three (its adjoint test pairs it with a naive
im2col, not the student's).

status: graded
score: 5
limits: {"test_timeout_s": 3, "timeout_s": 120}
message: im2col did not return within the time limit
"""
# %% task1_2_im2col
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    while True:
        pass
