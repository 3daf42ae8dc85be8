"""The student release is generated from solutions/ and holds nothing secret."""
from __future__ import annotations

import filecmp
import html
import io
import json
import re
import subprocess
import tarfile
import zipfile

import pytest

from autograder.course import RELEASE, assignments, source_notebook
from autograder.nbgrader_glue.release import SECRET_MARKERS, leaked_secrets, release
from autograder.nbgrader_glue.translated import KOREAN_RELEASE, release_korean


@pytest.mark.parametrize("ps", assignments())
def test_release_has_no_drift(ps, tmp_path):
    """Regenerating the release from solutions/ reproduces assignments/ byte for byte."""
    assert_same_files(release(ps, dest=tmp_path), RELEASE / ps, f"assignments/{ps}")


def assert_same_files(fresh, committed, where: str) -> None:
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert fresh_files == committed_files, f"{where}: run `make release` and commit assignments/"
    for rel in fresh_files:
        assert filecmp.cmp(fresh / rel, committed / rel, shallow=False), \
            f"{where}/{rel} differs from a fresh release: run `make release` and commit it"


def committed_release(ps: str, dest, folder: str = "assignments"):
    """<folder>/<ps> (assignments/<ps>, or assignments/ko/<ps>) as committed in git HEAD, extracted
    under dest (None outside a git checkout).

    `make test` runs `make release` first, which rewrites the working tree's assignments/; comparing
    a fresh release with the working tree alone could then never see a stale committed release."""
    root = RELEASE.parent
    if not (root / ".git").exists():
        return None
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD", f"{folder}/{ps}"],
                             cwd=root, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / folder / ps


@pytest.mark.parametrize("ps", assignments())
def test_committed_release_has_no_drift(ps, tmp_path):
    """What git HEAD holds under assignments/ is exactly a fresh release of solutions/ (of the
    working tree: commit solutions/ and assignments/ together)."""
    committed = committed_release(ps, tmp_path / "head")
    if committed is None:          # an exported tarball: test_release_has_no_drift covers the tree
        committed = RELEASE / ps
    assert_same_files(release(ps, dest=tmp_path / "fresh"), committed, f"assignments/{ps} in git HEAD")


@pytest.mark.parametrize("ps", assignments())
def test_korean_release_has_no_drift(ps, tmp_path):
    """The Korean release, regenerated from a fresh English release and the catalogs, reproduces
    assignments/ko/<ps> byte for byte, in the working tree and in git HEAD."""
    english = release(ps, dest=tmp_path / "en").parent
    fresh = release_korean(ps, english=english, dest=tmp_path / "ko")
    assert_same_files(fresh, KOREAN_RELEASE / ps, f"assignments/ko/{ps}")
    committed = committed_release(ps, tmp_path / "head", folder="assignments/ko")
    if committed is not None:
        assert_same_files(fresh, committed, f"assignments/ko/{ps} in git HEAD")


def test_no_secret_anywhere_in_the_release():
    """Every file under assignments/ (nbgrader copies non-notebook files verbatim) is checked,
    the Korean release under assignments/ko/ included."""
    assert RELEASE.is_dir() and KOREAN_RELEASE.is_dir()
    assert leaked_secrets(RELEASE) == []


@pytest.mark.book
def test_leak_test_covers_both_editions_and_both_releases(root):
    """published_files (what the leak test reads) holds the Korean notebooks and, once the book is
    built, the Korean site."""
    files = {p.resolve() for p in published_files(root)}
    for ps in assignments():
        assert (KOREAN_RELEASE / ps / source_notebook(ps).name).resolve() in files
    site = root / "_build" / "html"
    if site.is_dir():
        assert (site / "ko" / "book" / "01_architecture.html").resolve() in files
        assert (site / "ko" / "book" / "assignments.html").resolve() in files


def test_leak_check_can_fail(tmp_path):
    (tmp_path / "notes.txt").write_text("x = 1\n### BEGIN SOLUTION\n")
    assert leaked_secrets(tmp_path) == [f"{tmp_path / 'notes.txt'}: BEGIN SOLUTION"]


@pytest.mark.parametrize("ps", assignments())
def test_release_stubs_name_their_task(ps):
    """Each solution cell of the release raises NotImplementedError naming its task id, and keeps
    the function signature the grader calls."""
    notebook = next((RELEASE / ps).glob("*.ipynb"))
    nb = json.loads(notebook.read_text())
    solution_cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert solution_cells
    for cell in solution_cells:
        source = "".join(cell["source"])
        gid = cell["metadata"]["nbgrader"]["grade_id"]
        assert f"NotImplementedError('{gid}: " in source, source
        assert not any(m in source for m in SECRET_MARKERS)
        assert not cell.get("outputs")


def secret_and_public_lines(ps: str) -> tuple[set[str], set[str]]:
    """Distinctive lines of the solution notebook that students must never see (solution code and
    hidden tests; short or generic lines such as `return out` are skipped), and its public lines."""
    nb = json.loads(source_notebook(ps).read_text())
    lines, public = set(), set()
    for cell in nb["cells"]:
        inside = False
        for line in "".join(cell["source"]).splitlines():
            marker = line.strip()
            if marker in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
                inside = True
            elif marker in ("### END SOLUTION", "### END HIDDEN TESTS"):
                inside = False
            elif inside and len(marker) >= 30 and not marker.startswith("#"):
                lines.add(marker)
            elif not inside:
                public.add(marker)
    public_text = "\n".join(public)         # what a visible cell or the task text already shows is not a secret
    return {s for s in lines if s not in public_text}, public


def secret_lines(ps: str) -> set[str]:
    """What a visible cell of any problem set shows (ps2's check of the pasted ps1 functions calls
    them as ps1's hidden tests do) is not a secret either."""
    public_text = "\n".join(set().union(*(secret_and_public_lines(other)[1] for other in assignments())))
    return {s for s in secret_and_public_lines(ps)[0] if s not in public_text}


def published_files(root):
    """The release (assignments/, the Korean assignments/ko/ included), and the built site with its
    downloads (if it has been built; the Korean edition under _build/html/ko/ included)."""
    files = [p for p in RELEASE.rglob("*") if p.is_file()]
    site = root / "_build" / "html"
    if site.is_dir():          # every file a reader can fetch, build logs included; not images/fonts
        files += [p for p in site.rglob("*") if p.is_file() and p.suffix not in BINARY_SUFFIXES]
    return files


BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".mo",
                   ".pdf", ".svgz"}


def fast_layer_lines(root) -> set[str]:
    """Distinctive code lines of benchmarks/fast_layers.py: drop-in answers to graded functions."""
    lines = set()
    for line in (root / "benchmarks" / "fast_layers.py").read_text().splitlines():
        code = line.strip()
        if line.startswith("    ") and len(code) >= 30 and not code.startswith(("#", '"""', "raise", "f\"")):
            lines.add(code)
    public_text = "\n".join(set().union(*(secret_and_public_lines(ps)[1] for ps in assignments())))
    return {s for s in lines if s not in public_text}


@pytest.mark.book
@pytest.mark.parametrize("ps", [*assignments(), "fast_layers"])
def test_no_solution_or_hidden_test_line_is_published(ps, root):
    secrets = fast_layer_lines(root) if ps == "fast_layers" else secret_lines(ps)
    assert len(secrets) > 10, "the secret-line extraction found too little to be meaningful"
    for path in published_files(root):
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as whl:
                assert not [n for n in whl.namelist() if n.startswith(("autograder", "solutions"))]
                text = "\n".join(whl.read(n).decode("utf-8", "replace") for n in whl.namelist())
        elif path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        else:                     # HTML: highlighted code is split into tags and escaped
            text = html.unescape(re.sub(r"<[^>]+>", "", path.read_text(errors="replace")))
        found = [s for s in secrets if s in text]
        assert not found, f"{path} contains instructor-only lines of {ps}, e.g. {found[0]!r}"
