"""The English-Korean terms: one source (book/_data/terms.yml) for the chapters' key-terms tables, the
glossary and the glosses in the running text.

Source checks need no build; the checks of the rendered tables read the built site (`make book`).
"""
from __future__ import annotations

import html
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = {int(p.name[:2]): p for p in sorted((ROOT / "book").glob("[01][0-9]_*.md"))}


def _load_extension():
    spec = importlib.util.spec_from_file_location("course_terms", ROOT / "book" / "_ext" / "course_terms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course_terms = _load_extension()
TERMS = course_terms.load_terms()
BY_ID = {t["id"]: t for t in TERMS}


def body(chapter: int) -> str:
    """The chapter's text before its Key terms section (the running text)."""
    text = CHAPTERS[chapter].read_text(encoding="utf-8")
    return text[:text.index("## Key terms")]


# ---------------------------------------------------------------------------------------------
# The source
# ---------------------------------------------------------------------------------------------


def test_there_are_ten_chapters():
    assert sorted(CHAPTERS) == list(range(1, 11))


@pytest.mark.parametrize("chapter", range(1, 11))
def test_key_terms_table_is_generated_from_the_data(chapter):
    text = CHAPTERS[chapter].read_text(encoding="utf-8")
    section = text[text.index("## Key terms"):text.index("## Check yourself")]
    assert f"```{{key-terms}} {chapter}\n```" in section, \
        f"chapter {chapter}: its Key terms section must be the directive ```{{key-terms}} {chapter}```"
    assert "|" not in section, f"chapter {chapter}: a hand-written table in Key terms (it would drift)"
    assert course_terms.key_terms(TERMS, chapter), f"chapter {chapter} has no key terms in terms.yml"


def test_terms_data_is_consistent():
    for t in TERMS:
        assert 1 <= t["chapter"] <= 10, t["id"]
        assert t["key_in"], f"{t['id']}: a glossary term that no chapter lists as a key term"
        assert all(1 <= c <= 10 for c in t["key_in"]), t["id"]
        assert t["ko"].strip() and t["meaning"].strip(), t["id"]


def test_every_gloss_names_a_known_term():
    for chapter, path in CHAPTERS.items():
        for tid in re.findall(r"\{ko\}`([^`]+)`", path.read_text(encoding="utf-8")):
            assert tid in BY_ID, f"chapter {chapter}: {{ko}}`{tid}` is not in terms.yml"


def test_every_korean_term_is_glossed_in_the_running_text_where_it_is_introduced():
    """Each term with a Korean form is glossed ({ko}`id`) in the running text of its chapter or of an
    earlier one (its first use), not only in the end-of-chapter table."""
    glossed = {}
    for chapter in sorted(CHAPTERS):
        for tid in re.findall(r"\{ko\}`([^`]+)`", body(chapter)):
            glossed.setdefault(tid, chapter)
    missing = [f"{t['id']} (ch. {t['chapter']})" for t in TERMS
               if course_terms.gloss_forms(t) and glossed.get(t["id"], 99) > t["chapter"]]
    assert not missing, "terms never glossed in the running text by their chapter: " + ", ".join(missing)


def test_the_lectures_korean_terms():
    """The terms the Korean lectures use (issue 12), with the common alternative where usage differs."""
    lectures = {
        "convolution": ("컨볼루션", "합성곱"), "local-connectivity": ("지역 연결성", None),
        "depth-slice": ("깊이 조각", None), "spatial-arrangement": ("공간적 배치", None),
        "stride": ("보폭", "스트라이드"), "spatial-extent": ("공간적 범위", None), "weight": ("가중치", None),
        "dot-product": ("내적", None), "output-layer": ("출력 계층", None),
        "data-augmentation": ("데이터 확장", None), "distributed-training": ("분산 학습", None),
        "upstream-gradient": ("상류 기울기", None), "dropout": ("드롭아웃", None), "ensemble": ("앙상블", None),
        "top5-error": ("Top-5 오류율", None),
    }
    for tid, (ko, alt) in lectures.items():
        assert BY_ID[tid]["ko"] == ko, f"{tid}: {BY_ID[tid]['ko']!r}, the lectures say {ko!r}"
        if alt:
            assert alt in BY_ID[tid]["alt"], f"{tid}: the common alternative {alt!r} is missing"
    assert BY_ID["relu"]["ko"] == "ReLU" and not course_terms.gloss_forms(BY_ID["relu"]), "ReLU needs no gloss"
    text = "".join(p.read_text(encoding="utf-8") for p in CHAPTERS.values())
    for stale in ("상위 5 오류율", "행렬 곱셈", "정류 선형 유닛", "상위(업스트림)"):
        assert stale not in text, f"the chapters still write {stale!r}"


# ---------------------------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Rows (lists of cell texts) of the <table> elements whose class includes `wanted`."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.depth, self.rows, self.row, self.cell = wanted, 0, [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            classes = (dict(attrs).get("class") or "").split()
            self.depth = self.depth + 1 if (self.depth or self.wanted in classes) else 0
        elif self.depth and tag == "tr":
            self.row = []
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif self.depth and tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(path: Path, wanted: str) -> list[list[str]]:
    parser = _Tables(wanted)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.rows[1:]                        # without the header row


@pytest.fixture(scope="module")
def site(root):
    path = root / "_build" / "html" / "book"
    if not path.is_dir():
        pytest.fail("the book is not built: run `make book` first", pytrace=False)
    return path


@pytest.fixture(scope="module")
def glossary(site):
    rows = table_rows(site / "glossary.html", "glossary-terms")
    assert rows, "glossary.html has no generated glossary table"
    return rows


@pytest.mark.book
def test_glossary_rows_are_well_formed(glossary):
    english = [r[0] for r in glossary]
    assert len(english) == len(set(english)), "a term has two rows in the glossary"
    assert not [r for r in glossary if len(r) != 4 or not all(r) or set(r[0]) <= set("-: ")], \
        "a bogus row in the glossary (a separator or an empty cell)"
    assert english == sorted(english, key=str.lower), "the glossary is not in English alphabetical order"


@pytest.mark.book
@pytest.mark.parametrize("chapter", range(1, 11))
def test_every_key_term_of_a_chapter_is_in_the_glossary(site, glossary, chapter):
    page = site / f"{CHAPTERS[chapter].stem}.html"
    rows = table_rows(page, "key-terms")
    assert rows, f"{page.name}: no key-terms table"
    in_glossary = {r[0]: r[1] for r in glossary}
    for english, korean in rows:
        assert english in in_glossary, f"chapter {chapter}: key term {english!r} is not in the glossary"
        assert in_glossary[english] == korean, \
            f"chapter {chapter}: {english!r} is {korean!r} there but {in_glossary[english]!r} in the glossary"


@pytest.mark.book
def test_korean_index_lists_the_same_terms(site, glossary):
    index = table_rows(site / "glossary.html", "korean-index")
    assert sorted((r[1], r[0]) for r in index) == sorted((r[0], r[1]) for r in glossary)


@pytest.mark.book
def test_glosses_are_rendered_in_the_running_text(site):
    text = html.unescape((site / "01_architecture.html").read_text(encoding="utf-8"))
    assert "(보폭 / 스트라이드)" in text and "(컨볼루션 / 합성곱)" in text
    assert "{ko}" not in text, "an unrendered {ko} role"
