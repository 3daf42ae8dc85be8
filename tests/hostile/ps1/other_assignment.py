"""The ps2 notebook submitted for ps1 (it even defines im2col and col2im, in another cell).

status: wrong_assignment
score: 0
transform: other_assignment ps2
message: looks like a notebook of ps2
"""
