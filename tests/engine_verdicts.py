"""nbgrader's verdicts on the wrong/right catalog (tests/submissions), kept in engine_verdicts.json so
that tests/test_engine.py can check that the isolated grader agrees with nbgrader on every entry
without running nbgrader again (tests/test_catalog.py already does, through the CLI).

Each verdict carries a fingerprint of everything it depends on (the entry, the solution and release
notebooks, the oracles, convnets' assertions). A stale or missing verdict is computed again, live,
by the test that needs it. Refresh the file after changing an assignment:

    .venv/bin/python -m tests.engine_verdicts            # only what is stale
"""
from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from autograder.course import ROOT, source_notebook
from tests.catalog import Entry, build_submission, entries, released_notebook

VERDICTS = Path(__file__).with_name("engine_verdicts.json")
DEPENDS = [ROOT / "autograder" / "oracles.py", ROOT / "autograder" / "blame.py", ROOT / "convnets" / "testing.py",
           ROOT / "convnets" / "gradcheck.py", ROOT / "convnets" / "backend.py"]


def key(entry: Entry) -> str:
    return f"{entry.ps}/{entry.name}"


def fingerprint(entry: Entry) -> str:
    h = hashlib.sha256()
    for path in [Path(__file__).parent / "submissions" / entry.ps / f"{entry.name}.py",
                 source_notebook(entry.ps), released_notebook(entry.ps), *DEPENDS]:
        h.update(path.read_bytes())
    return h.hexdigest()


def nbgrader_verdict(entry: Entry) -> dict:
    from autograder.nbgrader_glue.plain import grade_plain  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        notebook = build_submission(entry.ps, entry.cells, Path(tmp) / f"{entry.name}.ipynb")
        result = grade_plain(entry.ps, notebook)
    return {"fingerprint": fingerprint(entry), "score": result.score,
            "passed": {t.grade_id: t.passed for t in result.tests}}


def stored() -> dict:
    return json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}


def verdict(entry: Entry) -> dict:
    """The stored verdict when it is fresh, else nbgrader's, computed now."""
    v = stored().get(key(entry))
    return v if v and v["fingerprint"] == fingerprint(entry) else nbgrader_verdict(entry)


def main(argv: list[str]) -> int:
    data = stored()
    for entry in entries(argv[0] if argv else None):
        if data.get(key(entry), {}).get("fingerprint") != fingerprint(entry):
            print(f"grading {key(entry)} with nbgrader", flush=True)
            data[key(entry)] = nbgrader_verdict(entry)
            VERDICTS.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
