"""The Korean edition of the book (issue 13): one source, two editions.

The English sources are the only place the code lives; the Korean prose comes from the gettext
catalogs under locales/ko/LC_MESSAGES/ (book/_ext/translations.py, autograder/nbgrader_glue/translated.py).
The checks of the built site read _build/html (English) and _build/html/ko (Korean), made by `make book`.
"""
from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from autograder.nbgrader_glue import translated

# Reads the built book (`make site`): `make test` runs it after the build, in its second pytest run.
pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
KO = SITE / "ko"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _extension(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "book" / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translations = _extension("translations")
course_i18n = _extension("course_i18n")
course_terms = _extension("course_terms")


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"], *(c["file"] for part in toc["parts"] for c in part["chapters"])]


def complete_book_catalogs() -> list[str]:
    """The pages whose catalog is not pending (their Korean page must be Korean throughout)."""
    return [p for p in toc_pages() if p not in translated.pending()]


@pytest.fixture(scope="module")
def site():
    if not (KO / "index.html").is_file():
        pytest.fail("the book is not built in both editions: run `make book` first", pytrace=False)
    return SITE


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    """The article's text: no scripts, code, math, cell outputs or tags."""
    main = re.search(r"<main.*?</main>", page, re.S)
    text = main.group(0) if main else page
    text = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r'<span class="math[^"]*">.*?</span>|<div class="math[^"]*">.*?</div>', " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.translate(QUOTES).split())


QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})  # Sphinx's smart quotes


# ---------------------------------------------------------------------------------------------
# Both editions, every page, the language switch
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", toc_pages())
def test_every_page_is_built_in_both_editions(site, page):
    english, korean = SITE / f"{page}.html", KO / f"{page}.html"
    assert english.is_file(), f"{english} missing"
    assert korean.is_file(), f"{korean} missing: the Korean edition lacks {page}"
    assert '<html lang="en"' in read(english)
    assert '<html lang="ko"' in read(korean)


def test_the_korean_edition_has_every_page_of_the_english_one(site):
    assert translations.pages(KO) >= {f"{p}.html" for p in toc_pages()}
    assert translations.missing_pages(SITE, KO) == []


def test_a_missing_korean_page_is_named(tmp_path):
    for edition in ("en", "ko"):
        (tmp_path / edition / "book").mkdir(parents=True)
        (tmp_path / edition / "book" / "intro.html").write_text("x")
    (tmp_path / "en" / "book" / "glossary.html").write_text("x")
    assert translations.missing_pages(tmp_path / "en", tmp_path / "ko") == ["book/glossary.html"]


SWITCH = re.compile(r'<a class="btn btn-sm course-language-switch" href="([^"]+)"\s+hreflang="(\w+)"')


def switch_of(page: Path) -> tuple[str, str] | None:
    found = SWITCH.findall(read(page))
    assert len(found) <= 1, f"{page}: more than one language switch"
    return found[0] if found else None


def test_switch_href_is_the_same_page_in_the_other_edition():
    assert course_i18n.switch_href("book/01_architecture", "en") == "../ko/book/01_architecture.html"
    assert course_i18n.switch_href("book/01_architecture", "ko") == "../../book/01_architecture.html"
    assert course_i18n.switch_href("search", "en") == "ko/search.html"
    assert course_i18n.switch_href("search", "ko") == "../search.html"


@pytest.mark.parametrize("edition", ["en", "ko"])
def test_language_switch_links_resolve_both_ways(site, edition):
    root, other_lang = (SITE, "ko") if edition == "en" else (KO, "en")
    checked = 0
    for name in sorted(translations.pages(root)):
        page = root / name
        if 'http-equiv="Refresh"' in read(page):       # index.html: a redirect stub, no page of its own
            continue
        switch = switch_of(page)
        assert switch, f"{page.relative_to(SITE)} has no language switch"
        href, lang = switch
        assert lang == other_lang
        target = (page.parent / href).resolve()
        assert target.is_file(), f"{page.relative_to(SITE)}: the switch leads to {href}, which does not exist"
        expected = (KO / name) if edition == "en" else (SITE / name)
        assert target == expected.resolve(), f"{page.relative_to(SITE)}: the switch leads to {target}, not {expected}"
        back_href, _ = switch_of(target)
        assert (target.parent / back_href).resolve() == page.resolve(), \
            f"{target.relative_to(SITE)}: its switch does not lead back to {name}"
        checked += 1
    assert checked >= len(toc_pages())


# ---------------------------------------------------------------------------------------------
# What a reader reads is Korean
# ---------------------------------------------------------------------------------------------


def _plain(markdown: str) -> bool:
    return not re.search(r"[`*\[\]{}$_<>\\]", markdown)


@pytest.mark.parametrize("page", complete_book_catalogs())
def test_complete_pages_are_korean(site, page):
    """Every heading of a translated page is in Hangul, and no paragraph of its English text is
    left: each plain message shows its translation, never its English."""
    korean = read(KO / f"{page}.html")
    headings = [re.sub(r"<[^>]+>|#", "", h).strip() for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", korean, re.S)]
    assert headings and all(HANGUL.search(h) for h in headings), f"{page}: headings not in Korean: {headings}"
    text = visible_text(korean)
    catalog = read_po(open(translated.po_path(page), "rb"))
    checked = 0
    for message in catalog:
        if message.id and message.string and _plain(message.id) and _plain(message.string) and len(message.id) > 40:
            assert " ".join(message.id.split()) not in text, f"{page}: English left untranslated: {message.id[:80]!r}"
            assert " ".join(message.string.split()) in text, f"{page}: translation not shown: {message.string[:80]!r}"
            checked += 1
    assert checked, f"{page}: no plain message to compare"
    assert len(HANGUL.findall(text)) > 300, f"{page}: too little Hangul"


def test_korean_glossary_and_key_terms(site):
    """The glossary's table has the Korean meaning of every term; chapter 1's key terms put the
    Korean term first; the {ko} role glosses with the English term."""
    terms = {t["en"]: t for t in course_terms.load_terms()}
    glossary = read(KO / "book" / "glossary.html")
    table = re.search(r'<table class="[^"]*glossary-terms.*?</table>', glossary, re.S).group(0)
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td.*?</td>", r, re.S)]
            for r in re.findall(r"<tr.*?</tr>", table, re.S)]
    rows = [r for r in rows if r]
    assert len(rows) == len(terms)
    for en, ko, meaning, chapter in rows:
        assert ko == course_terms.korean(terms[en])
        assert meaning.translate(QUOTES) == terms[en]["meaning_ko"] and HANGUL.search(meaning), en
        assert chapter == f"{terms[en]['chapter']}장"
    assert "<th class=\"head\"><p>뜻</p></th>" in table
    chapter = read(KO / "book" / "01_architecture.html")
    key_terms = re.search(r'<table class="[^"]*key-terms.*?</table>', chapter, re.S).group(0)
    first = re.search(r"<tbody>\s*<tr[^>]*>\s*<td[^>]*><p>([^<]*)</p>", key_terms).group(1)
    assert first == "컨볼루션 신경망 / 합성곱 신경망 / CNN"
    assert "(convolutional neural network, ConvNet, CNN)" in html.unescape(chapter)
    assert "(컨볼루션 신경망 / 합성곱 신경망)" in html.unescape(read(SITE / "book" / "01_architecture.html"))


def test_terms_have_korean_meanings_in_the_plain_written_style():
    for t in course_terms.load_terms():
        meaning = t["meaning_ko"]
        assert HANGUL.search(meaning), t["id"]
        assert re.search(r"다(\([^)]*\))?\.$", meaning), f"{t['id']}: not in the plain written style (-다.): {meaning}"


def test_page_furniture_is_korean(site):
    page = read(KO / "book" / "01_architecture.html")
    for english in ("Skip to main content", "Back to top", "Search this book", "Show code cell", "Click to show",
                    ">previous<", ">next<"):
        assert english not in page, f"the Korean page shows {english!r}"
    for korean in ("본문으로 건너뛰기", "맨 위로", "이 책에서 검색", "코드 보기", "다음", "밑바닥부터 만드는 ConvNet"):
        assert korean in page, f"the Korean page lacks {korean!r}"
    ui = read_po(open(translated.LOCALES / "sphinx.po", "rb"))
    assert all(m.string and not m.fuzzy for m in ui if m.id)
    captions = re.findall(r'<p aria-level="2" class="caption" role="heading"><span class="caption-text">([^<]*)',
                          page)
    assert captions == ["컨볼루션 신경망", "과제", "참고 자료"], captions


def test_each_assignments_page_links_its_own_notebooks(site):
    english = read(SITE / "book" / "assignments.html")
    korean = read(KO / "book" / "assignments.html")
    for ps, name in (("ps1", "ps1_im2col"), ("ps2", "ps2_conv_pool"), ("ps3", "ps3_cnn")):
        assert f"assignments/{ps}/{name}.ipynb" in english and f"assignments/ko/{ps}/" not in english
        assert f"assignments/ko/{ps}/{name}.ipynb" in korean and f"assignments/{ps}/{name}" not in korean
        assert (ROOT / "assignments" / "ko" / ps / f"{name}.ipynb").is_file()
    wheel = 'href="../downloads/convnets-0.1.0-py3-none-any.whl"'
    assert wheel in korean and (KO / "downloads" / "convnets-0.1.0-py3-none-any.whl").is_file()


# ---------------------------------------------------------------------------------------------
# One execution, the same figures; Hangul drawn with a Hangul font
# ---------------------------------------------------------------------------------------------


def has_outputs(notebook: Path) -> bool:
    cells = [c for c in json.loads(read(notebook))["cells"] if c["cell_type"] == "code"]
    return any(c.get("outputs") for c in cells)


@pytest.mark.parametrize("page", toc_pages())
def test_the_korean_edition_shows_the_same_code_outputs_and_figures(site, page):
    """The same code, outputs and figures in both editions (every <pre>: code cells, their printed
    outputs, literal blocks; every image), and a downloadable executed notebook with its outputs."""
    english, korean = read(SITE / f"{page}.html"), read(KO / f"{page}.html")
    pre = re.compile(r"<pre\b.*?</pre>", re.S)
    assert pre.findall(korean) == pre.findall(english), f"{page}: code or outputs differ between the editions"
    images = re.compile(r'<img [^>]*src="([^"]+)"')
    assert images.findall(korean) == images.findall(english)
    for build in (ROOT / "_build", ROOT / "_build" / "ko" / "_build"):
        notebook = build / "jupyter_execute" / f"{page}.ipynb"
        if "```{code-cell}" in read(ROOT / f"{page}.md"):
            assert has_outputs(notebook), f"{notebook}: the executed notebook offered for download has no outputs"


def test_the_korean_build_executed_nothing(site):
    log = read(ROOT / "_build" / "ko" / "build.log")
    assert "Executing notebook" not in log, "the Korean build executed a chapter again"
    # The same figures (same file names: the outputs stored by the English build), counted from
    # what the pages show: an incremental build leaves old, unreferenced images in _images.
    english, korean = shown_figures(SITE), shown_figures(KO)
    assert english and english == korean, sorted(english ^ korean)
    assert all((KO / "_images" / name).is_file() for name in korean)


def shown_figures(site: Path) -> set[str]:
    pages = [*site.glob("*.html"), *(site / "book").glob("*.html")]
    return {m for page in pages for m in re.findall(r'src="(?:\.\./)?_images/([^"]+\.png)"', read(page))}


MISSING_GLYPH = re.compile(r"missing from (current )?font|does not have a glyph")


def test_no_missing_glyph_in_the_builds(site):
    outputs = [*(ROOT / "_build" / "jupyter_execute").rglob("*.ipynb"),
               *(ROOT / "_build" / "ko" / "_build" / "jupyter_execute").rglob("*.ipynb"),
               ROOT / "_build" / "ko" / "build.log"]
    for path in outputs:
        assert not MISSING_GLYPH.search(read(path)), f"{path}: a glyph was missing from the figures' fonts"


def hangul_literals() -> list[str]:
    """Every string literal with Hangul in the chapters' code cells (the figures' titles and labels)."""
    found = []
    for chapter in sorted((ROOT / "book").glob("[01][0-9]_*.md")):
        for cell in re.findall(r"```\{code-cell\}.*?\n(.*?)```", read(chapter), re.S):
            found += [s for s in re.findall(r'"((?:[^"\\\n]|\\.)*)"', cell) if HANGUL.search(s)]
    return found


def test_hangul_in_figures_is_drawn_with_the_build_fonts(tmp_path):
    """Each Hangul title or label of the chapters, drawn with the build's matplotlibrc, warnings
    (missing glyphs, unknown fonts, mathtext without the glyph) as errors."""
    literals = hangul_literals()
    assert literals, "no figure text in Korean"
    script = tmp_path / "draw.py"
    script.write_text(
        "import json, logging, sys, warnings\n"
        "warnings.simplefilter('error')\n"
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "class Fail(logging.Handler):\n"
        "    def emit(self, record):\n        raise SystemExit('matplotlib: ' + record.getMessage())\n"
        "logging.getLogger('matplotlib').addHandler(Fail(logging.WARNING))\n"
        "for text in json.loads(sys.argv[1]):\n"
        "    fig, ax = plt.subplots()\n    ax.set_title(text.replace('\\\\n', '\\n'))\n"
        "    fig.savefig(sys.argv[2])\n    plt.close(fig)\n"
        "print(matplotlib.rcParams['font.family'])\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "MATPLOTLIBRC": str(course_i18n.MATPLOTLIBRC)}
    proc = subprocess.run([sys.executable, str(script), json.dumps(literals), str(tmp_path / "f.png")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert course_i18n.HANGUL_FONT in proc.stdout


# ---------------------------------------------------------------------------------------------
# The guard
# ---------------------------------------------------------------------------------------------


def test_needs_translation():
    for text in ("Answer", "(one volume at a time)", "ReLU", "**Points.** Every test cell"):
        assert translated.needs_translation(text), text
    for text in ("0", "N", "CONV", "`x.shape`", "$O$", "`F`, `S`, `P`", "\nO = \\frac{W - F + 2P}{S} + 1 .\n"):
        assert not translated.needs_translation(text), text


def test_guard_names_each_problem_by_file_and_line():
    template = Catalog()
    template.add("A translated paragraph.", locations=[("book/x.md", 3)])
    template.add("An untranslated paragraph.", locations=[("book/x.md", 7)])
    template.add("A fuzzy paragraph.", locations=[("book/x.md", 9)])
    template.add("A new paragraph.", locations=[("book/x.md", 12)])
    template.add("CONV", locations=[("book/x.md", 14)])
    po = Catalog(locale="ko")
    po.add("A translated paragraph.", "번역된 문단이다.")
    po.add("An untranslated paragraph.", "")
    po.add("A fuzzy paragraph.", "흐릿한 번역이다.", flags=["fuzzy"])
    problems = [str(p) for p in translated.catalog_problems(template, "book/x", po)]
    assert problems == [
        "book/x.md:7: untranslated in locales/ko/LC_MESSAGES/book/x.po: 'An untranslated paragraph.'",
        "book/x.md:9: fuzzy (check the translation, then delete the '#, fuzzy' line) in "
        "locales/ko/LC_MESSAGES/book/x.po: 'A fuzzy paragraph.'",
        "book/x.md:12: not in the catalog (run `make translations`) in locales/ko/LC_MESSAGES/book/x.po: "
        "'A new paragraph.'",
    ]
    missing = translated.catalog_problems(template, "book/no_such_page")
    assert [p.kind for p in missing] == ["no catalog (run `make translations`)"]


def test_guard_passes_on_the_built_templates_and_reports_what_is_pending(site, capsys):
    assert translations.check() == 0
    out = capsys.readouterr().out
    assert "catalogs complete" in out
    for name in translated.pending():
        assert f"PENDING {name}:" in out


def test_no_catalog_is_pending():
    """The allow-list locales/ko/PENDING is temporary: the edition is done when it is empty."""
    assert translated.pending() == []


def test_pending_names_real_catalogs():
    templates = {p.relative_to(ROOT / "_build" / "gettext").with_suffix("").as_posix()
                 for p in (ROOT / "_build" / "gettext").rglob("*.pot")}
    if not templates:
        pytest.fail("no templates: run `make book` first", pytrace=False)
    assert set(translated.pending()) <= templates
    for name in templates:
        assert translated.po_path(name).is_file(), f"{name} has no catalog: run `make translations`"


PARAGRAPH = "For CIFAR-10, one neuron with 3,072 weights still looks manageable."


def test_a_changed_english_paragraph_fails_the_guard_with_its_file_and_line(tmp_path):
    """Change a paragraph of chapter 1 (a copy of the book), make the templates with the real
    gettext build: the guard names the chapter's file and the paragraph's line. After
    `sphinx-intl update` (make translations) the message is still not accepted (fuzzy or new)."""
    source = tmp_path / "src"
    (source / "book").mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "book" / "_ext", source / "book" / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "book" / "_data", source / "book" / "_data")
    text = read(ROOT / "book" / "01_architecture.md")
    assert PARAGRAPH in text
    (source / "book" / "01_architecture.md").write_text(
        text.replace(PARAGRAPH, "For CIFAR-10, one neuron with 3,072 weights still looks small."), encoding="utf-8")
    line = text[:text.index(PARAGRAPH)].count("\n") + 1
    (source / "_toc.yml").write_text("format: jb-book\nroot: book/01_architecture\n")
    # No code is executed (the copy's cache is empty; templates need no outputs); the chapter's links
    # to the other chapters lead nowhere in this one-page copy.
    config = yaml.safe_load(read(source / "_config.yml"))
    config["execute"]["execute_notebooks"] = "off"
    config["sphinx"]["config"]["suppress_warnings"].append("myst.xref_missing")
    (source / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")

    out = tmp_path / "templates"
    translations.make_templates(source=source, run=tmp_path / "run", out=out, notebooks=False)
    template = translated.read_catalog(out / "book" / "01_architecture.pot")
    problems = translated.catalog_problems(template, "book/01_architecture")
    assert [str(p).split(" in locales")[0] for p in problems] == \
        [f"book/01_architecture.md:{line}: not in the catalog (run `make translations`)"]

    locales = tmp_path / "locales"
    shutil.copytree(translated.LOCALES.parent.parent, locales)
    from sphinx_intl.basic import update  # noqa: PLC0415
    update(str(locales), str(out), ("ko",), jobs=1)
    po = read_po(open(locales / "ko" / "LC_MESSAGES" / "book" / "01_architecture.po", "rb"))
    after = translated.catalog_problems(template, "book/01_architecture", po)
    assert [p.where for p in after] == [f"book/01_architecture.md:{line}"]
    assert after[0].kind.startswith(("fuzzy", "untranslated"))
