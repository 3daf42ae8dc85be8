"""col2im allocates until memory runs out: MemoryError at the sandbox's 2 GiB address-space limit,
its tests fail, the rest is graded. The sandbox never holds much more than 2 GiB.

status: graded
score: 7
message: MemoryError
checks: peak_memory
limits: {"uid": 64101, "gid": 64101}
slow: yes
"""
# %% task1_3_col2im
def col2im(col, x_shape, filter_h, filter_w, stride=1, pad=0):
    hog = []
    while True:
        hog.append(np.ones(1 << 24))          # 128 MiB, touched
