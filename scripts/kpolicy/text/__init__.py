"""One escaping module per output format; every command writes record text through one of them.

- `plain`: plain text for a terminal or a log (validate, fmt, who, stale, drift): control
  characters, bidi controls and invisible characters are shown as escapes (`\\n`, `\\u202e`), so
  a value can neither start a forged line nor reorder what is shown.
- `annotations`: GitHub workflow commands (`::error file=...::message`).
- `gfm`: GitHub-flavoured Markdown for job summaries and pull-request comments (diff, stale).
- `maintainers`: MAINTAINERS text (export-maintainers); a value that would read as a field line,
  a blank line or a comment is refused, never written.
- the site's Markdown (Python-Markdown with the extensions of mkdocs.yml) is `kpolicy.text.sitemd`.
"""
