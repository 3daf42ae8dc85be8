"""The repository and Binder buttons follow a publisher setting (book/_ext/course_publish.py)."""
from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _load_extension():
    spec = importlib.util.spec_from_file_location("course_publish", ROOT / "book" / "_ext" / "course_publish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


publish = _load_extension()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def sphinx_config(url=""):
    """The Sphinx configuration Jupyter Book derives from _config.yml, as far as the hook reads it."""
    options = {"repository_url": CONFIG["repository"]["url"],
               "use_repository_button": CONFIG["html"]["use_repository_button"],
               "launch_buttons": dict(CONFIG["launch_buttons"])}
    settings = CONFIG["sphinx"]["config"]
    return SimpleNamespace(html_theme_options=options, course_repository_url=url,
                           course_repository_branch=settings["course_repository_branch"],
                           course_binderhub_url=settings["course_binderhub_url"])


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.delenv(publish.URL_VARIABLE, raising=False)
    monkeypatch.delenv(publish.BUILD_FLAG, raising=False)
    return monkeypatch


def test_config_names_no_repository():
    assert CONFIG["repository"]["url"] == ""
    assert CONFIG["sphinx"]["config"]["course_repository_url"] == ""
    assert CONFIG["launch_buttons"]["binderhub_url"] == ""
    assert "course_publish" in CONFIG["sphinx"]["local_extensions"]
    assert "course_terms" in CONFIG["sphinx"]["local_extensions"]


def test_unset_setting_shows_no_button(environment):
    config = sphinx_config()
    publish.apply_publisher_settings(None, config)
    options = config.html_theme_options
    assert options["repository_url"] == "" and options["use_repository_button"] is False
    assert options["launch_buttons"]["binderhub_url"] == ""
    assert os.environ[publish.BUILD_FLAG] == "1"        # the chapters' build-time flag


def test_setting_turns_the_buttons_on(environment):
    config = sphinx_config(url="https://github.com/someone/convnets-course")
    publish.apply_publisher_settings(None, config)
    options = config.html_theme_options
    assert options["repository_url"] == "https://github.com/someone/convnets-course"
    assert options["use_repository_button"] is True
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert options["repository_branch"] == "main"


def test_environment_variable_wins(environment):
    environment.setenv(publish.URL_VARIABLE, "https://github.com/publisher/course")
    config = sphinx_config(url="https://github.com/someone/else")
    publish.apply_publisher_settings(None, config)
    assert config.html_theme_options["repository_url"] == "https://github.com/publisher/course"
    assert config.html_theme_options["use_repository_button"] is True


@pytest.mark.book
def test_built_pages_link_no_repository_while_unset(root):
    """The site in _build (built without a repository setting) has no repository or Binder link."""
    site = root / "_build" / "html"
    if not site.is_dir():
        pytest.fail("the book is not built: run `make book` first", pytrace=False)
    for page in (site / "book").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "mybinder.org" not in text, f"{page.name} has a Binder button"
        assert "source-repository-button" not in text, f"{page.name} has a repository button"
        assert not re.search(r"github\.com/convnets-from-scratch", text), page.name
    chapter = (site / "book" / "09_training.html").read_text(encoding="utf-8")
    assert "download-notebook-button" in chapter, "the chapter is no longer offered as a notebook"
    assert (site / "_sources" / "book" / "09_training.ipynb").is_file()


def test_pages_name_the_repository_only_once_it_is_set(environment):
    """The {repository}, {repository-name} and {colab} roles: a placeholder while unset."""
    assert publish._parts(sphinx_config()) == ("", "<owner>", "<name>", "main")
    config = sphinx_config(url="https://github.com/someone/convnets-course/")
    assert publish._parts(config) == ("https://github.com/someone/convnets-course", "someone",
                                      "convnets-course", "main")
    source = (ROOT / "book" / "assignments.md").read_text(encoding="utf-8")
    assert "{repository}`assignments`" in source and "{colab}`assignments/ps1/ps1_im2col.ipynb`" in source
