"""The upload was cut off: the file is not JSON.

status: unreadable
score: 0
transform: corrupt_json
message: not a readable notebook
"""
