"""MkDocs hook: add the generated pages to the build (mkdocs.yml `hooks:`).

MkDocs loads this file by path, outside the kpolicy package, so it imports kpolicy by its
absolute name and keeps no state of its own. Record pages stay out of the navigation
(Material renders the whole navigation on every page; thousands of entries in it are slow).
An invalid record stops the build with the validator's located messages, not a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from kpolicy.records.safefs import inside_without_links
from kpolicy.site.build import SiteError, build_from
from kpolicy.site.correct import Repository
from kpolicy.text.plain import plain


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir)
    refused = [f"{f.src_uri} ({what})" for f in files  # the theme's own files come from the installed theme
               if f.abs_src_path and Path(os.path.abspath(f.abs_src_path)).is_relative_to(os.path.abspath(docs))
               and (what := inside_without_links(Path(f.abs_src_path), docs)) is not None]
    if refused:  # MkDocs follows links: one could publish a file from outside the repository
        raise PluginError(f"{config.docs_dir}: only regular files are published; remove or replace: "
                          + "; ".join(plain(r) for r in refused))
    try:
        site = build_from(root, repository=Repository(config.repo_url, config.edit_uri),
                          site_url=config.site_url or None)
    except SiteError as e:
        raise PluginError(str(e)) from None
    clashes = sorted(p for p in [*site.pages, *site.files] if files.get_file_from_path(p) is not None)
    if clashes:
        raise PluginError(f"{config.docs_dir}: these files would replace generated pages, remove them: "
                          + ", ".join(clashes))
    for path, markdown in site.pages.items():
        inclusion = InclusionLevel.NOT_IN_NAV if path in site.record_pages else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
    for path, content in site.files.items():
        files.append(File.generated(config, path, content=content))
    return files


# MkDocs passes the event's arguments by name, so the unused ones keep their names
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig,  # noqa: ARG001
                    nav: Navigation) -> TemplateContext:  # noqa: ARG001
    # MkDocs would point the theme's edit button at docs/<page>.md, which does not exist for a
    # generated page; each page links to its record files itself (site/correct.py).
    if page.file.generated_by is not None or not page.file.abs_src_path:
        page.edit_url = None
    return context
