"""The course's English-Korean terms, from one data file (book/_data/terms.yml).

Every chapter's "Key terms" table, the glossary's two tables and the Korean glosses in the running
text are rendered from that file, so they cannot drift apart:

* ``{ko}`term-id``` (a role) writes the term's Korean gloss in the running text, "(컨볼루션 / 합성곱)",
  at the term's first use (only the forms in Hangul: "GEMM" needs no gloss). In the Korean edition
  (``language = "ko"``) it writes the English term instead, its own parentheses flattened:
  "(convolutional neural network, ConvNet, CNN)" (the English term in parentheses at first use).
* ````{key-terms} N```` (a directive) writes chapter N's key-terms table: every term whose ``key_in``
  lists N, in the file's order (Korean edition: the Korean column first).
* ````{glossary-terms}```` writes every term, in English alphabetical order, with its meaning and the
  chapter that introduces it; ````{korean-index}```` writes the same terms ordered by their Korean name.
  The Korean edition gives each term's ``meaning_ko`` and Korean headers.

A term id that is not in the file, a chapter with no key term, or a malformed entry is an error, so
the build (run with -W) fails.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

DATA = Path(__file__).resolve().parents[1] / "_data" / "terms.yml"
FIELDS = {"id", "en", "ko", "alt", "meaning", "meaning_ko", "chapter", "key_in"}
REQUIRED = {"id", "en", "ko", "meaning", "meaning_ko", "chapter"}


def load_terms(path: Path = DATA) -> list[dict]:
    """The terms of the data file, checked: unique ids and English names, known fields, chapters."""
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen_ids, seen_en = set(), set()
    for t in terms:
        missing, unknown = REQUIRED - set(t), set(t) - FIELDS
        if missing or unknown:
            raise ValueError(f"{path.name}: term {t.get('id')!r}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        if t["id"] in seen_ids or t["en"].lower() in seen_en:
            raise ValueError(f"{path.name}: term {t['id']!r} ({t['en']!r}) is listed twice")
        seen_ids.add(t["id"])
        seen_en.add(t["en"].lower())
        t.setdefault("alt", [])
        t.setdefault("key_in", [])
        if not isinstance(t["chapter"], int) or not all(isinstance(c, int) for c in t["key_in"]):
            raise ValueError(f"{path.name}: term {t['id']!r}: chapter and key_in must be chapter numbers")
    return terms


def korean(term: dict) -> str:
    """The lectures' Korean term, then the common alternatives: "컨볼루션 / 합성곱"."""
    return " / ".join([term["ko"], *term["alt"]])


def gloss_forms(term: dict) -> list[str]:
    """The forms shown in the running text: the Korean ones (ReLU, im2col and GEMM need no gloss)."""
    return [f for f in [term["ko"], *term["alt"]] if any(ord(ch) > 127 for ch in f)]


def english_gloss(term: dict) -> str:
    """The English term as the Korean edition glosses it: "convolutional neural network (ConvNet, CNN)"
    -> "convolutional neural network, ConvNet, CNN" (no parentheses inside the gloss's own)."""
    return re.sub(r"\s*\(([^()]*)\)", r", \1", term["en"])


def is_korean(config) -> bool:
    return (config.language or "en").lower().startswith("ko")


def key_terms(terms: list[dict], chapter: int) -> list[dict]:
    return [t for t in terms if chapter in t["key_in"]]


def _table(header: list[str], rows: list[list[str]], classes: list[str],
           bold_first: bool = False) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    thead, tbody = nodes.thead(), nodes.tbody()
    group += thead
    group += tbody

    def row(cells, head=False):
        r = nodes.row()
        for i, text in enumerate(cells):
            para = nodes.paragraph()
            para += nodes.strong(text=text) if (bold_first and i == 0 and not head) else nodes.Text(text)
            entry = nodes.entry()
            entry += para
            r += entry
        return r

    thead += row(header, head=True)
    for cells in rows:
        tbody += row(cells)
    return table


class _TermsDirective(SphinxDirective):
    def terms(self) -> list[dict]:
        self.env.note_dependency(str(DATA))         # edit the data file: the pages are rebuilt
        return load_terms()

    @property
    def korean_edition(self) -> bool:
        return is_korean(self.config)

    def english_header(self) -> str:
        return "English"

    def korean_header(self) -> str:
        return "한국어"


class KeyTermsDirective(_TermsDirective):
    """The key-terms table of one chapter."""
    required_arguments = 1

    def run(self):
        chapter = int(self.arguments[0])
        rows = [[t["en"], korean(t)] for t in key_terms(self.terms(), chapter)]
        if not rows:
            raise self.error(f"chapter {chapter} has no key terms in {DATA.name}")
        header = [self.english_header(), self.korean_header()]
        if self.korean_edition:
            rows, header = [row[::-1] for row in rows], header[::-1]
        return [_table(header, rows, ["key-terms"])]


class GlossaryTermsDirective(_TermsDirective):
    """Every term, in English alphabetical order."""

    def run(self):
        terms = sorted(self.terms(), key=lambda t: t["en"].lower())
        if self.korean_edition:
            rows = [[t["en"], korean(t), t["meaning_ko"], f"{t['chapter']}장"] for t in terms]
            header = [self.english_header(), self.korean_header(), "뜻", "처음 나오는 장"]
        else:
            rows = [[t["en"], korean(t), t["meaning"], f"Ch. {t['chapter']}"] for t in terms]
            header = [self.english_header(), self.korean_header(), "Meaning", "Introduced"]
        return [_table(header, rows, ["glossary-terms"], bold_first=True)]


class KoreanIndexDirective(_TermsDirective):
    """Every term, ordered by its Korean name (Unicode order is 가나다 order for Hangul)."""

    def run(self):
        terms = sorted(self.terms(), key=lambda t: korean(t))
        rows = [[korean(t), t["en"]] for t in terms]
        return [_table([self.korean_header(), self.english_header()], rows, ["korean-index"])]


class KoreanGlossRole(SphinxRole):
    """{ko}`term-id`: the term's Korean gloss in parentheses (the English term in a Korean build)."""

    def run(self):
        self.env.note_dependency(str(DATA))
        by_id = {t["id"]: t for t in load_terms()}
        term = by_id.get(self.text.strip())
        if term is None:
            msg = self.inliner.reporter.error(f"unknown term id {self.text!r} (not in {DATA.name})",
                                              line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        forms = gloss_forms(term)
        if not forms:
            msg = self.inliner.reporter.error(f"term {term['id']!r} has no Korean form to gloss",
                                              line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        gloss = english_gloss(term) if is_korean(self.config) else " / ".join(forms)
        return [nodes.inline(text=f"({gloss})", classes=["term-gloss"])], []


def setup(app):
    app.add_role("ko", KoreanGlossRole())
    app.add_directive("key-terms", KeyTermsDirective)
    app.add_directive("glossary-terms", GlossaryTermsDirective)
    app.add_directive("korean-index", KoreanIndexDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
