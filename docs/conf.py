"""Sphinx configuration for the kdnet-calendar documentation.

Build (warnings are errors; ``.ci/build-docs`` runs the same)::

    cd docs && python -m sphinx -W --keep-going -b html . _build/html

The pages are MyST Markdown, so the same files read well on GitHub, are doctested by the
test suite (``pytest --doctest-glob='*.md'``) and make up this site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import kdnet_calendar

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# -- Project -----------------------------------------------------------------------------

project = "kdnet-calendar"
author = "kdnet-calendar contributors"
copyright = "2026, kdnet-calendar contributors"
release = kdnet_calendar.__version__
version = ".".join(release.split(".")[:2])

# The site is written in English; the product speaks Danish (agenda notation, messages),
# and those passages are quoted as they are.
language = "en"

# -- General -----------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    # No sphinx.ext.intersphinx: it downloads other projects' inventories at build time,
    # and the build must work offline (CI reaches only package registries).
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Warnings are errors (-W); keep the default of not demanding every Python reference
# resolve (-n is not used: the docstrings name stdlib and attrs types we cannot link to
# without intersphinx).
nitpicky = False

# -- MyST --------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
# "## Heading" gets an anchor, so links such as data-format.md#meeting-ids work as they do
# on GitHub. Six levels: the rule book links to its fourth-level sections.
myst_heading_anchors = 6

# -- autodoc -----------------------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# Long signatures (the attrs classes' constructors) one parameter a line.
python_maximum_signature_line_length = 88
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# -- HTML (furo) -------------------------------------------------------------------------

html_theme = "furo"
html_title = f"kdnet-calendar {release}"
html_short_title = "kdnet-calendar"
html_static_path: list[str] = []
html_theme_options = {
    "source_repository": "https://github.com/kkr-midtjylland/kdnet-calendar/",
    "source_branch": "main",
    "source_directory": "docs/",
    "navigation_with_keys": True,
    "top_of_page_buttons": ["view"],
}
html_show_sourcelink = False


# -- Attribute docstrings stay prose -----------------------------------------------------
#
# Napoleon reads the first line of an attribute's docstring (the ``#:`` comments above
# attrs fields) as "type: description", so "#: Only Europe/Copenhagen: feeds carry …"
# would be shown as an attribute of type "Only Europe/Copenhagen". This code base writes
# no types in docstrings (they come from the annotations), so napoleon is kept for
# functions and classes and attribute, data and property docstrings are left as written.


def _napoleon_except_attributes(app: Sphinx) -> None:
    from sphinx.ext.napoleon import _process_docstring

    for listener in list(app.events.listeners.get("autodoc-process-docstring", [])):
        if listener.handler is _process_docstring:
            app.disconnect(listener.id)

    def process(
        app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
    ) -> None:
        if what not in ("attribute", "data", "property"):
            _process_docstring(app, what, name, obj, options, lines)  # type: ignore[arg-type]

    app.connect("autodoc-process-docstring", process)


def setup(app: Sphinx) -> None:
    _napoleon_except_attributes(app)
