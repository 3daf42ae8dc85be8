"""The ps1 notebook submitted for ps2.

status: wrong_assignment
score: 0
transform: other_assignment ps1
message: looks like a notebook of ps1
"""
