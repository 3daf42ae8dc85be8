"""nbgrader's region markers in the instructor's cells, and the two ways the grader uses them.

    ### BEGIN SOLUTION ... ### END SOLUTION          the reference answer (the release gets a stub)
    ### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS  tests the release does not show

A marker is a line that reads exactly so (surrounding spaces aside). Like nbgrader, every function
here raises (MarkerError) on a region that is never closed, an end without a begin, or a region
inside another: a malformed solution notebook stops the grader instead of grading with half a test.
"""
from __future__ import annotations

SOLUTION = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
ALL = SOLUTION + HIDDEN


class MarkerError(ValueError):
    """Region markers that do not pair up."""


def _walk(source: str, markers: tuple[str, str]):
    """Yield (line, kind) with kind "begin", "end", "inside" or "outside"; raise on bad pairing."""
    begin, end = markers
    inside, opened_at = False, 0
    for number, line in enumerate(source.splitlines(), 1):
        mark = line.strip()
        if mark == begin:
            if inside:
                raise MarkerError(f"line {number}: {begin!r} inside the region opened on line {opened_at}")
            inside, opened_at = True, number
            yield line, "begin"
        elif mark == end:
            if not inside:
                raise MarkerError(f"line {number}: {end!r} without a {begin!r} before it")
            inside = False
            yield line, "end"
        else:
            yield line, "inside" if inside else "outside"
    if inside:
        raise MarkerError(f"line {opened_at}: {begin!r} is never closed by {end!r}")


def without_markers(source: str, markers: tuple[str, str]) -> str:
    """The text with the marker lines removed and the regions' bodies kept: the reference answer
    (SOLUTION), or the test cell as it runs at grading, hidden tests included (HIDDEN)."""
    return "\n".join(line for line, kind in _walk(source, markers) if kind in ("inside", "outside")) + "\n"


def without_regions(source: str, markers: tuple[str, str]) -> tuple[str, int]:
    """The text without its regions (markers included), as a student sees the cell, and the
    number of lines cut."""
    kept, cut = [], 0
    for line, kind in _walk(source, markers):
        if kind == "outside":
            kept.append(line)
        else:
            cut += 1
    return "\n".join(kept), cut


def check(source: str) -> None:
    """Raise MarkerError unless both kinds of region pair up in source."""
    for markers in (SOLUTION, HIDDEN):
        for _ in _walk(source, markers):
            pass
