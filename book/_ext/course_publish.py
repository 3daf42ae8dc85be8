"""Publisher settings of the book, applied when Sphinx reads its configuration.

The repository and Binder buttons point at the repository the publisher names, and are shown only
when one is named:

* ``course_repository_url`` (in _config.yml, under ``sphinx: config:``), or the environment variable
  ``CONVNETS_REPOSITORY_URL``, which wins, is the repository's web address; empty (the default) means
  "not published yet": no repository button and no launch button on any page;
* ``course_repository_branch`` (default ``main``) and ``course_binderhub_url`` (default
  ``https://mybinder.org``; empty: no Binder button) complete it.

The pages name the repository through three roles, which write the publisher's repository when one is
set and a placeholder otherwise (so no page links a repository that does not exist):

* ``{repository}`path``` a link to that path in the repository (``{repository}`.``` its home page);
* ``{repository-name}`x``` the repository's ``OWNER/NAME`` (``<owner>/<name>`` while unset);
* ``{colab}`path``` the Google Colab address that opens the notebook at ``path`` (GitHub only).

It also sets ``CONVNETS_BOOK_BUILD=1`` in the environment of the build, which the kernels that
execute the chapters inherit: chapter 9 loads the course's reference solution only then, so a reader
who downloads or launches the chapter runs it with their own code.

The executed chapter that the download menu offers (_build/jupyter_execute/<page>.ipynb) keeps its
outputs when they come from the execution cache: myst-nb 1.4 writes that file from the notebook
*before* merging the cached outputs (they reach the page, not the file), so a rebuild, and the
Korean edition, which finds every chapter in the cache, would offer notebooks without outputs.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx.util.docutils import SphinxRole

BUILD_FLAG = "CONVNETS_BOOK_BUILD"
URL_VARIABLE = "CONVNETS_REPOSITORY_URL"


def repository_url(config) -> str:
    return (os.environ.get(URL_VARIABLE) or config.course_repository_url or "").strip()


def apply_publisher_settings(app, config):
    """config-inited: turn the repository and launch buttons on (with the URL) or off."""
    url = repository_url(config)
    options = dict(config.html_theme_options or {})
    launch = dict(options.get("launch_buttons") or {})
    options["repository_url"] = url
    options["repository_branch"] = config.course_repository_branch or "main"
    options["use_repository_button"] = bool(url)
    launch["binderhub_url"] = (config.course_binderhub_url or "") if url else ""
    options["launch_buttons"] = launch
    config.html_theme_options = options
    os.environ[BUILD_FLAG] = "1"


def restore_cached_outputs(app, doctree):
    """doctree-read: the executed notebook of a page read from the execution cache, with its outputs."""
    config = getattr(app.env, "mystnb_config", None)
    notebook = Path(app.outdir).parent / "jupyter_execute" / f"{app.env.docname}.ipynb"
    if config is None or config.execution_mode != "cache" or not notebook.is_file():
        return
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or any(c.get("outputs") for c in code):
        return                                  # executed just now (outputs in place), or no code
    from jupyter_cache import get_cache  # noqa: PLC0415  (a dependency of myst-nb)

    try:
        _, merged = get_cache(config.execution_cache_path).merge_match_into_notebook(nb)
    except KeyError:                            # not in the cache: nothing to restore
        return
    nbformat.write(merged, notebook)


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """html-page-context: offer the executed chapter as .ipynb in the download menu.

    The theme copies it to _sources only while a launch button is configured; without one the
    reader would lose the notebook download, so copy it here (before the theme's buttons are built).
    """
    source = context.get("sourcename") or ""
    notebook = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not source.endswith(".md") or not notebook.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _parts(config):
    """(url, owner, name, branch) of the published repository; url is "" while unset."""
    url = repository_url(config).rstrip("/")
    if not url:
        return "", "<owner>", "<name>", "main"
    owner, name = url.split("/")[-2:]
    return url, owner, name.removesuffix(".git"), config.course_repository_branch or "main"


class RepositoryRole(SphinxRole):
    """{repository}`path`: a link into the published repository, or a placeholder while unset."""

    def run(self):
        url, _, _, branch = _parts(self.config)
        path = self.text.strip().strip("/")
        if not url:
            return [nodes.emphasis(text="(the repository's address appears here once the course is published)")], []
        target = url if path in ("", ".") else f"{url}/tree/{branch}/{path}"
        return [nodes.reference(text=target, refuri=target)], []


class RepositoryNameRole(SphinxRole):
    """{repository-name}`x`: OWNER/NAME of the published repository (a placeholder while unset)."""

    def run(self):
        _, owner, name, _ = _parts(self.config)
        return [nodes.literal(text=f"{owner}/{name}")], []


class ColabRole(SphinxRole):
    """{colab}`path`: the Colab address of a notebook in the published GitHub repository."""

    def run(self):
        url, owner, name, branch = _parts(self.config)
        path = self.text.strip().strip("/")
        target = f"https://colab.research.google.com/github/{owner}/{name}/blob/{branch}/{path}"
        if url and "github.com" in url:
            return [nodes.reference(text=target, refuri=target)], []
        return [nodes.literal(text=target)], []


def setup(app):
    app.add_config_value("course_repository_url", "", "html", types=[str])
    app.add_config_value("course_repository_branch", "main", "html", types=[str])
    app.add_config_value("course_binderhub_url", "https://mybinder.org", "html", types=[str])
    app.connect("config-inited", apply_publisher_settings, priority=100)
    app.connect("doctree-read", restore_cached_outputs)
    app.connect("html-page-context", offer_notebook_download, priority=400)
    app.add_role("repository", RepositoryRole())
    app.add_role("repository-name", RepositoryNameRole())
    app.add_role("colab", ColabRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
