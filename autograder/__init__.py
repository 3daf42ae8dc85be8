"""Grading tooling for the course (instructors only; never shipped to students)."""
