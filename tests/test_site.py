"""The built site (make book): every page of the table of contents, and the student wheel."""
from __future__ import annotations

import zipfile

import pytest
import yaml

# Reads the built book (`make site`): `make test` runs it after the build, in its second pytest run.
pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def site(root):
    path = root / "_build" / "html"
    assert path.is_dir(), "the book is not built: run `make book` first"
    return path


def toc_files(root):
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


@pytest.mark.parametrize("edition", ["", "ko/"])
def test_every_toc_page_is_built_and_nothing_secret_is(site, root, edition):
    """Both editions: English at the site root, Korean under ko/."""
    for name in toc_files(root):
        assert (site / f"{edition}{name}.html").is_file(), f"{edition}{name}.html missing from the site"
    built = {p.relative_to(site / edition).as_posix() for p in (site / edition).rglob("*")}
    assert not [p for p in built if p.startswith(("solutions", "autograder", "tests", "assignments/", "locales"))]


@pytest.mark.parametrize("edition", ["", "ko/"])
def test_the_student_wheel_is_published_and_linked(site, edition):
    wheel = site / edition / "downloads" / "convnets-0.1.0-py3-none-any.whl"
    assert wheel.is_file()
    with zipfile.ZipFile(wheel) as whl:
        packages = {n.split("/")[0] for n in whl.namelist()}
    assert packages == {"convnets", "convnets-0.1.0.dist-info"}
    page = (site / edition / "book" / "assignments.html").read_text()
    assert 'href="../downloads/convnets-0.1.0-py3-none-any.whl"' in page
