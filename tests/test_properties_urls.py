"""URLs are judged on their RFC 3986 normal form: what a reviewer reads is where a browser goes."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpolicy.text.urls import NotNormal, is_primary, normal_form

SEGMENT = st.sampled_from(["..", ".", "%2e%2e", "%2E", "Rust-for-Linux", "rust-for-linux", "torvalds", "linux",
                           "someone-else", "repo", "%7Euser", "a%2fb", "", "x y", "linux.git"])
HOST = st.sampled_from(["github.com", "GitHub.COM", "lore.kernel.org", "evil.example", "github.com.evil.example",
                        "git.kernel.org:443", "rust-for-linux.com"])


@pytest.mark.parametrize("url", [
    "https://github.com/Rust-for-Linux/../someone-else/repo/",
    "https://github.com/Rust-for-Linux/%2e%2e/someone-else/repo/",
    "https://github.com/torvalds/linux/../../x/y",
    "https://github.com/torvalds/linux.evil/x",
    "https://lore.kernel.org@evil.example/all/x/",
    "https://github.com.evil.example/Rust-for-Linux/linux",
    "javascript:alert(1)",
])
def test_the_reported_forgeries_are_not_primary(url: str) -> None:
    assert not is_primary(url)


@pytest.mark.parametrize("url", ["https://github.com/Rust-for-Linux/linux/commit/abc",
                                 "https://github.com/torvalds/linux/blob/master/MAINTAINERS",
                                 "https://lore.kernel.org/all/x@y/", "https://rust-for-linux.com/"])
def test_real_primary_sources_stay_primary(url: str) -> None:
    assert normal_form(url) == url and is_primary(url)


@settings(max_examples=400, deadline=None)
@given(host=HOST, segments=st.lists(SEGMENT, max_size=6), scheme=st.sampled_from(["https", "HTTPS", "http"]))
def test_primary_is_decided_where_a_browser_goes(host: str, segments: list[str], scheme: str) -> None:
    url = f"{scheme}://{host}/" + "/".join(segments)
    try:
        normal = normal_form(url)
    except NotNormal:
        assert not is_primary(url)
        return
    assert normal_form(normal) == normal  # idempotent
    assert is_primary(url) == is_primary(normal)
    # where a browser goes: the URL resolved against itself (dot segments removed), decoded as it decodes them
    path = urlsplit(normal).path
    if path.startswith("//"):  # urljoin would read it as another host; on GitHub, such a URL is never primary
        assert urlsplit(normal).hostname != "github.com" or not is_primary(url)
        return
    target = urlsplit(urljoin(normal, path))
    assert target.hostname == urlsplit(normal).hostname
    if is_primary(url):
        first = target.path.split("/")[1:3]
        assert target.hostname != "github.com" or first[0].lower() in ("rust-for-linux", "torvalds")
        assert ".." not in target.path.split("/") and "%2e" not in target.path.lower()
