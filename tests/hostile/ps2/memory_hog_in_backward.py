"""avg_pool_backward allocates until memory runs out: MemoryError at the sandbox's 2 GiB
address-space limit, its two test cells (2 points) fail, the rest is graded. The sandbox never
holds much more than 2 GiB.

status: graded
score: 18
message: MemoryError
checks: peak_memory
limits: {"uid": 64201, "gid": 64201}
slow: yes
"""
# %% task2_6_avg_pool_backward
def avg_pool_backward(dout, cache):
    hog = []
    while True:
        hog.append(np.ones(1 << 24))          # 128 MiB, touched
