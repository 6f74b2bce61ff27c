"""SVG charts drawn at build time: no JavaScript, no external file, readable in both palettes.

Each chart is a complete <svg> element with a <title> and a <desc> for screen readers; the
pages put the same numbers in a table beside it. Every text is escaped (_e). Colours come
from CSS classes (site/assets/kpolicy.css), so the light and dark palettes both work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
BAR_WIDTH = 400


# HTML's specials and Markdown's inline ones, as numeric references. A chart is a raw HTML block,
# but Python-Markdown stops seeing raw blocks after two '&#' that start no reference (in a code
# span earlier on the page, say); its text must then still not become a link, emphasis or a tag.
_REFERENCES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'`*_{}[]\\#|~!"}


def _e(value: object) -> str:
    return str(value).translate(_REFERENCES)


def _figure(svg: str, caption: str) -> str:
    """The chart as a block of raw HTML (no blank line inside, so Markdown leaves it whole)."""
    return (f'<figure class="kp-chart" data-search-exclude>\n{svg}\n'
            f"<figcaption>{_e(caption)}</figcaption>\n</figure>")


@dataclass(frozen=True)
class Bar:
    key: str  # a class-safe key, e.g. a stance level
    label: str
    value: int


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], caption: str) -> str:
    """Horizontal bars, one per row, with the count at the end of each bar."""
    # narrower than the other charts, so that on a phone its text stays readable without scrolling
    biggest = max((b.value for b in bars), default=0) or 1
    # room for the longest count after its bar (about 8 units a digit at the chart's font size)
    width, row, top, label_w, count_w = BAR_WIDTH, 30, 10, 150, 12 + 8 * len(str(biggest))
    height = top * 2 + row * len(bars)
    plot_w = width - label_w - count_w
    desc = "; ".join(f"{b.label}: {b.value}" for b in bars)
    parts = [
        *_svg_open(chart_id, height, title, desc, width),
    ]
    for i, b in enumerate(bars):
        y = top + i * row
        w = round(plot_w * b.value / biggest, 1)
        parts.append(f'<text class="kp-chart-label" x="{label_w - 8}" y="{y + row / 2 + 5}" '
                     f'text-anchor="end">{_e(b.label)}</text>')
        parts.append(f'<rect class="kp-bar kp-level-{_e(b.key)}" x="{label_w}" y="{y + 4}" '
                     f'width="{max(w, 1.5)}" height="{row - 8}" rx="3"/>')
        parts.append(f'<text class="kp-chart-value" x="{label_w + max(w, 1.5) + 6}" y="{y + row / 2 + 5}">'
                     f"{_e(b.value)}</text>")
    parts.append("</svg>")
    return _figure("".join(parts), caption)


@dataclass(frozen=True)
class Step:
    release: str  # the kernel release where the value took effect
    version: str  # "X.Y.Z"
    pinned: bool


def _version_number(version: str) -> float:
    """X.Y.Z as a number that orders like the version (anything unreadable counts as 0)."""
    nums = [int(m) for m in re.findall(r"[0-9]+", version)[:3]]
    major, minor, patch = [*nums, 0, 0, 0][:3]
    return major * 1000 + minor + min(patch, 99) / 100


def step_chart(chart_id: str, title: str, steps: Sequence[Step], caption: str) -> str:
    """A step line of a minimum version over kernel releases (evenly spaced, in order).

    A filled dot marks a release from which the version is a minimum; a hollow one a
    release that pinned exactly that version. The line runs on to the right edge: the
    last value is still the minimum."""
    left, right, top, bottom = 70, 40, 30, 56
    height = 300
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom
    n = len(steps)
    values = [_version_number(s.version) for s in steps]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad

    def x_at(i: float) -> float:
        return round(left + plot_w * (i + 0.5) / max(n, 1), 1)

    def y_at(v: float) -> float:
        return round(top + plot_h * (1 - (v - low) / (high - low)), 1)

    desc = "; ".join(f"Linux {s.release}: {s.version} ({'pinned' if s.pinned else 'minimum'})" for s in steps)
    parts = [
        *_svg_open(chart_id, height, title, desc),
        f'<line class="kp-axis" x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}"/>',
        f'<line class="kp-axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
        (f'<text class="kp-chart-axis-title" x="{left + plot_w / 2}" y="{height - 6}" '
        f'text-anchor="middle">Kernel release</text>'),
        (f'<text class="kp-chart-axis-title" x="14" y="{top + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2})">Minimum version</text>'),
    ]
    if n:
        d = [f"M{x_at(0)},{y_at(values[0])}", *(f"H{x_at(i)}V{y_at(values[i])}" for i in range(1, n)),
             f"H{WIDTH - right}"]
        parts.append(f'<path class="kp-step" d="{"".join(d)}"/>')
    for i, s in enumerate(steps):
        x, y = x_at(i), y_at(values[i])
        parts.append(f'<line class="kp-grid" x1="{x}" y1="{y}" x2="{x}" y2="{top + plot_h}"/>')
        mark = "kp-point-pinned" if s.pinned else "kp-point"
        parts.append(f'<circle class="{mark}" cx="{x}" cy="{y}" r="5"/>')
        # above and to the left of the point: the line reaches each step from below-left, so it is free
        parts.append(f'<text class="kp-chart-value" x="{x - 7}" y="{y - 9}" text-anchor="end">{_e(s.version)}</text>')
        parts.append(f'<text class="kp-chart-label" x="{x}" y="{top + plot_h + 18}" '
                     f'text-anchor="middle">{_e(s.release)}</text>')
    legend_y = top - 14
    parts.append(f'<circle class="kp-point" cx="{left + 10}" cy="{legend_y}" r="5"/>'
                 f'<text class="kp-chart-label" x="{left + 20}" y="{legend_y + 4}">minimum</text>'
                 f'<circle class="kp-point-pinned" cx="{left + 100}" cy="{legend_y}" r="5"/>'
                 f'<text class="kp-chart-label" x="{left + 110}" y="{legend_y + 4}">'
                 'pinned (exactly this version)</text>')
    parts.append("</svg>")
    return _figure("".join(parts), caption)


def _svg_open(chart_id: str, height: float, title: str, desc: str, width: int = WIDTH) -> list[str]:
    """The opening of an accessible inline SVG: the element, its title and its description."""
    narrow = " kp-svg-narrow" if width < WIDTH else ""
    return [
        (f'<svg class="kp-svg{narrow}" id="{_e(chart_id)}" viewBox="0 0 {width} {height}" width="100%" '
         f'role="img" aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" '
         f'xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-desc">{_e(desc)}</desc>',
    ]
