"""The book's two editions: English at the site root, Korean under ``ko/`` (built by
book/_ext/translations.py from the same sources, with ``language = "ko"`` and the catalogs of
locales/ko/LC_MESSAGES/).

What Sphinx needs for that, in both builds:

* **A language switch on every page**: a link to the same page in the other edition ("한국어" on
  English pages, "English" on Korean pages) in the article header (template
  ``templates/language-switch.html``, style ``static/course-i18n.css``), plus
  ``<link rel="alternate" hreflang>`` in the page head.
* **The table of contents' captions** (the part captions of _toc.yml) translated from the root
  page's catalog: sphinx-external-toc inserts the toctrees after Sphinx's own i18n transform has run,
  so Sphinx alone would leave them in English.
* **Hangul in figures**: the chapters' kernels inherit ``MATPLOTLIBRC`` (the ``matplotlibrc`` next to
  this file: DejaVu Sans, then Noto Sans CJK KR for the glyphs DejaVu lacks). The build stops with a
  clear message when matplotlib cannot find Noto Sans CJK (Debian's ``fonts-noto-cjk``,
  installed by ``make sysdeps``); a font installed after matplotlib cached its font list is found by
  rebuilding that cache once.
"""
from __future__ import annotations

import os
from pathlib import Path

from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

HERE = Path(__file__).resolve().parent
MATPLOTLIBRC = HERE / "matplotlibrc"
HANGUL_FONT = "Noto Sans CJK KR"

# language -> (folder of its edition under the site root, the switch's label in that language)
EDITIONS = {"en": ("", "English"), "ko": ("ko/", "한국어")}
# Theme texts that come from options, not from a catalog (the catalog ones: locales/ko/LC_MESSAGES/sphinx.po).
THEME_TEXT = {"ko": {"search_bar_text": "이 책에서 검색..."}}


def edition(config) -> str:
    language = (config.language or "en").split("_")[0].lower()
    if language not in EDITIONS:
        raise ExtensionError(f"course_i18n: no edition for language {config.language!r} (known: {sorted(EDITIONS)})")
    return language


def other_edition(language: str) -> str:
    return "ko" if language == "en" else "en"


def switch_href(pagename: str, language: str) -> str:
    """The relative URL, from page ``pagename`` of edition ``language``, of the same page in the other
    edition: up to this edition's root, up out of ko/ (if in it), down into the other's folder."""
    here, there = EDITIONS[language][0], EDITIONS[other_edition(language)][0]
    up = "../" * (pagename.count("/") + here.count("/"))
    return f"{up}{there}{pagename}.html"


def add_language_switch(app, pagename, templatename, context, doctree):
    """html-page-context: the switch's target and label, read by templates/language-switch.html."""
    language = edition(app.config)
    other = other_edition(language)
    href = switch_href(pagename, language)
    context["course_language_switch"] = {"href": href, "lang": other, "label": EDITIONS[other][1]}
    context["metatags"] = context.get("metatags", "") + \
        f'\n    <link rel="alternate" hreflang="{other}" href="{href}" />'


def theme_settings(app, config):
    """config-inited: our template folder, the switch at the start of the article header's
    right-hand end (before the theme's buttons), and the edition's theme texts."""
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    options = dict(config.html_theme_options or {})
    options.update(THEME_TEXT.get(edition(config), {}))
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    end = [end] if isinstance(end, str) else list(end)
    if "language-switch.html" not in end:
        end.insert(0, "language-switch.html")
    options["article_header_end"] = end
    config.html_theme_options = options


class TranslateTocCaptions(SphinxTransform):
    """After sphinx-external-toc inserted the toctrees (priority 100): their captions from the page's
    catalog (the same catalog, hence the same guard, as the rest of the page)."""

    default_priority = 150

    def apply(self, **kwargs):
        if edition(self.config) == "en" or not self.config.locale_dirs:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir, d)) for d in self.config.locale_dirs]
        catalog, found = init_locale(dirs, self.config.language, domain)
        if not found:
            return
        for toctree in self.document.findall(addnodes.toctree):
            caption = toctree.get("rawcaption")
            translated = catalog.gettext(caption) if caption else ""
            if caption and translated and translated != caption:
                toctree["caption"] = translated


def check_hangul_font(app, config):
    """config-inited: matplotlib (in the kernels that draw the figures) must find the Hangul font."""
    os.environ["MATPLOTLIBRC"] = str(MATPLOTLIBRC)
    from matplotlib import font_manager  # noqa: PLC0415  (only the build needs it)

    def known() -> bool:
        return any(f.name == HANGUL_FONT for f in font_manager.fontManager.ttflist)

    if not known():
        # A font list cached before the font was installed: rebuild it (written back to the cache).
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
    if not known():
        raise ExtensionError(f"the figures need the Hangul font {HANGUL_FONT!r}, which matplotlib does not "
                             "find: install Debian's fonts-noto-cjk (`make sysdeps` as root)")


def setup(app):
    app.connect("config-inited", theme_settings, priority=200)
    app.connect("config-inited", check_hangul_font)
    app.connect("html-page-context", add_language_switch)
    app.add_transform(TranslateTocCaptions)
    app.add_css_file("course-i18n.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

