"""conv_backward calls os._exit(1): the student's process dies in conv_backward's test cells only
(5 points); every other cell is graded in a fresh process.

status: graded
score: 15
message: the student's process ended \(exit code 1\)
"""
# %% task2_2_conv_backward
import os

def conv_backward(dout, cache):
    os._exit(1)
