"""conv_output_size written differently: divmod, its own messages, numpy ints converted with int().

expect: right
"""
# %% task1_1_conv_output_size
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    if not stride >= 1 or pad < 0:
        raise ValueError(f"bad stride {stride} or pad {pad}")
    steps, rest = divmod(input_size - filter_size + 2 * pad, stride)
    if steps < 0 or rest:
        raise ValueError(f"a {filter_size}-filter with stride {stride} and pad {pad} "
                         f"does not tile an input of size {input_size}")
    return int(steps) + 1
