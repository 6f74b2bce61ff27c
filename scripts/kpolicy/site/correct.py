"""Every page correctable: links to the records a page is built from, and a way to report a problem.

The repository's public address lives in one place, mkdocs.yml (`repo_url`, and `edit_uri`
relative to it, pointing at the repository's root on the default branch, e.g. "edit/main/").
The MkDocs hook passes both in; without `repo_url` no such link is made, and each page names
its record files as plain text instead, so a reader still knows what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from kpolicy.site import parts
from kpolicy.text.sitemd import code, inline, is_web_url, page_link

DEFAULT_EDIT_URI = "edit/main/"


def repo_path(path: str) -> str:
    """A record's path inside the repository ("policies/..."), from wherever it was loaded."""
    clean = path.replace("\\", "/")
    at = clean.rfind("/policies/")
    if clean.startswith("policies/"):
        return clean
    return clean[at + 1:] if at >= 0 else clean.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Repository:
    """Where the records can be changed; url None: not known (no links are made)."""
    url: str | None = None
    edit_uri: str | None = None

    @property
    def known(self) -> bool:
        return bool(self.url) and is_web_url(self.url or "")

    def _base(self) -> str:
        return (self.url or "").rstrip("/") + "/"

    def edit_url(self, path: str) -> str | None:
        """The page that edits a file (a path inside the repository)."""
        if not self.known:
            return None
        uri = (self.edit_uri or DEFAULT_EDIT_URI).strip("/") + "/"
        return self._base() + uri + quote(path)

    def browse_url(self, folder: str) -> str | None:
        """A folder of records, for pages built from many."""
        if not self.known:
            return None
        uri = (self.edit_uri or DEFAULT_EDIT_URI).strip("/")
        uri = ("tree/" + uri[len("edit/"):]) if uri.startswith("edit/") else uri
        return self._base() + uri.rstrip("/") + "/" + quote(folder.strip("/"))

    def report_url(self, page_title: str, page_path: str, files: Iterable[str] = ()) -> str | None:
        """A new issue, its title and body filled in with the page and its records."""
        if not self.known:
            return None
        body = [f"Page: {page_path}", ""]
        files = list(files)
        if files:
            body += ["Records behind it:", *(f"- {f}" for f in files), ""]
        body += ["What is wrong or missing (with a source, if you have one):", ""]
        query = urlencode({"title": f"Problem on the page \"{page_title}\"", "body": "\n".join(body)},
                          quote_via=quote)
        return self._base() + "issues/new?" + query


def _anchor(label: str, url: str) -> str:
    # Built from the repository's address (configuration) and record paths (quoted above):
    # an HTML link, since a Markdown one would need the URL escaped for Markdown too.
    safe = url.replace("&", "&amp;").replace('"', "&quot;").replace("<", "%3C").replace(">", "%3E")
    return f'<a href="{safe}">{label}</a>'


def correction_footer(repo: Repository, page_title: str, page_path: str,
                      files: Iterable[str] = (), folders: Iterable[str] = ()) -> str:
    """The last lines of a page: the records it is built from (each with an edit link when the
    repository is known), and a link that reports a problem with the page."""
    files = sorted(dict.fromkeys(repo_path(f) for f in files if f))
    folders = sorted(dict.fromkeys(folders))
    items: list[str] = []
    for f in files:
        url = repo.edit_url(f)
        items.append(_anchor(f"Edit {inline(f)}", url) if url else code(f))
    for d in folders:
        url = repo.browse_url(d)
        items.append(_anchor(f"The records in {inline(d)}", url) if url else code(d))
    lines = []
    if items:
        lines.append(("Built from: " if repo.known else "Built from the records ") + " · ".join(items))
    report = repo.report_url(page_title, page_path, files or folders)
    if report:
        lines.append(_anchor("Report a problem with this page", report))
    lines.append(f"How to change a record: {page_link('Contributing', parts.CONTRIBUTING, page_path)}.")
    return "<br>\n".join(lines) + '\n{: .kp-correct data-search-exclude="1" }'

