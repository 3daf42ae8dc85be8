"""The one result type of grading: every engine returns it, the batch caches and exports it.

    GradingResult(assignment="ps1", status="graded", tests=[TestResult(...), ...], error=None, notes=[])

``status`` is one of STATUSES: "graded"; "unreadable" (not a notebook); "wrong_assignment" (none of
the assignment's solution cells is in it); "timed_out" (the notebook's time limit was reached);
"crashed" (the student's code could not even be loaded, or the grading process died); and, in a
class batch, "missing" (nothing to grade). Every test that scores less than its points says why.
As JSON (``--json``, the batch's cache) it is one object with the score and max_score added.
"""
from __future__ import annotations

import dataclasses
import json

STATUSES = ("graded", "unreadable", "wrong_assignment", "timed_out", "crashed", "missing")


@dataclasses.dataclass(frozen=True)
class TestResult:
    """One test cell: its points (0 or max_points) and, when it did not pass, what it said."""

    grade_id: str
    points: float
    max_points: float
    passed: bool
    message: str = ""

    __test__ = False          # not a pytest test class, whatever its name says


@dataclasses.dataclass
class GradingResult:
    assignment: str
    status: str
    tests: list[TestResult]
    error: str | None = None
    notes: list[str] = dataclasses.field(default_factory=list)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; known: {', '.join(STATUSES)}")

    @property
    def score(self) -> float:
        return float(sum(t.points for t in self.tests))

    @property
    def max_score(self) -> float:
        return float(sum(t.max_points for t in self.tests))

    def test(self, grade_id: str) -> TestResult:
        return next(t for t in self.tests if t.grade_id == grade_id)

    # ------------------------------------------------------------------ building
    @classmethod
    def zero(cls, assignment: str, expected: list[tuple[str, float]], status: str, error: str,
             notes=()) -> GradingResult:
        """Every expected test at 0 points, each saying ``error``."""
        tests = [TestResult(gid, 0.0, float(pts), False, error) for gid, pts in expected]
        return cls(assignment, status, tests, error, list(notes))

    @classmethod
    def from_dict(cls, value, expected: list[tuple[str, float]]) -> GradingResult:
        """A result read back (a cache file, another engine's answer), checked and completed: every
        expected test once, in order, points clipped to [0, max]; ValueError when malformed."""
        if not isinstance(value, dict):
            raise ValueError(f"expected a dict, got {type(value).__name__}")
        if not isinstance(value.get("tests"), list):
            raise ValueError("the result has no list of tests")
        status = value.get("status")
        if status not in STATUSES:
            raise ValueError(f"the result has no known status (got {status!r})")
        given = {}
        for t in value["tests"]:
            if not isinstance(t, dict) or not isinstance(t.get("grade_id"), str):
                raise ValueError(f"malformed test entry {t!r:.200}")
            given[t["grade_id"]] = t
        tests = []
        for gid, max_points in expected:
            t = given.get(gid)
            points = float(t["points"]) if t and t.get("points") is not None else 0.0
            points = min(max(points, 0.0), float(max_points))
            message = str(t.get("message") or "") if t else "this test was not run (no result from the grader)"
            # A test worth 0 points (a check of pasted functions) passes only when it says so.
            passed = points >= max_points if max_points > 0 else bool(t and t.get("passed"))
            tests.append(TestResult(gid, points, float(max_points), passed, message))
        notes = [str(n) for n in value.get("notes") or [] if n]
        return cls(str(value.get("assignment", "")), status, tests, str(value["error"]) if value.get("error") else None,
                   notes)

    # ------------------------------------------------------------------ showing
    def to_dict(self) -> dict:
        return {"assignment": self.assignment, "status": self.status, "error": self.error,
                "score": self.score, "max_score": self.max_score, "notes": list(self.notes),
                "tests": [dataclasses.asdict(t) for t in self.tests]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def table(self) -> str:
        """A readable report for a person."""
        head = f"{self.assignment}: {self.score:g} / {self.max_score:g}"
        if self.status != "graded":
            head += f"  ({self.status}: {self.error})"
        lines = [head]
        width = max((len(t.grade_id) for t in self.tests), default=10)
        for t in self.tests:
            lines.append(f"  {'ok  ' if t.passed else 'FAIL'} {t.grade_id:<{width}}  {t.points:g}/{t.max_points:g}")
            if not t.passed and t.message and self.status == "graded":
                lines.append(f"       {t.message[:300]}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)
