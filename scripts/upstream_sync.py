"""Sync the records to the newest stable kernel release's MAINTAINERS (the weekly upstream sync).

    python scripts/upstream_sync.py --download [--body FILE]          # what the scheduled workflow runs
    python scripts/upstream_sync.py --file MAINTAINERS-7.3.4.xz \\
        [--source-url URL --source-date YYYY-MM-DD --source-note TEXT] [--body FILE]

Everything but the download is the same in both forms, and the tests run the second one offline
against the release files in tests/data. The downloaded file is only ever read as text:

- the release is taken from kernel.org's releases.json ("latest_stable") and must look like a
  kernel release (7.3.4); the file is then fetched from that release's tag on git.kernel.org,
  over HTTPS only (a redirect elsewhere is refused), at most 16 MiB (the limit of the reader);
- the file is read by kpolicy's MAINTAINERS reader, which refuses what is not MAINTAINERS text,
  and nothing in it is executed;
- `kpolicy sync` writes the records (all or nothing) and the Markdown of the change, which the
  workflow uses as the body of its pull request.

The release history compares the files of earlier releases kept in tests/data. Exit codes are
kpolicy's: 0 done (the records may or may not have changed), 1 a problem in the file or the
records (nothing written), 2 bad arguments or a failed download.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = re.compile(r"[1-9][0-9]*\.[0-9]+(?:\.[0-9]+)?")
NAME = re.compile(r"MAINTAINERS-([1-9][0-9]*\.[0-9]+(?:\.[0-9]+)?(?:-rc[0-9]+)?)(?:\.xz|\.gz)?")
MAX_BYTES = 16 * 1024 * 1024
RELEASES_JSON = "https://www.kernel.org/releases.json"
STABLE = "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git"


class _HttpsOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.startswith("https://"):
            raise OSError(f"refused a redirect to {newurl!r} (HTTPS only)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, limit: int) -> bytes:
    """The body at an https URL, at most limit bytes (more is an error)."""
    if not url.startswith("https://"):
        raise OSError(f"{url}: HTTPS only")
    opener = urllib.request.build_opener(_HttpsOnly)
    with opener.open(urllib.request.Request(url, headers={"User-Agent": "kpolicy-upstream-sync"}), timeout=60) as r:
        body = r.read(limit + 1)
    if len(body) > limit:
        raise OSError(f"{url}: more than {limit} bytes")
    return body


def latest_stable(releases_json: bytes) -> tuple[str, str]:
    """(release, date) of the newest stable release in kernel.org's releases.json."""
    data = json.loads(releases_json)
    version = data["latest_stable"]["version"]
    if not isinstance(version, str) or not RELEASE.fullmatch(version):
        raise ValueError(f"releases.json names {version!r}, which is not a kernel release")
    for r in data.get("releases", ()):
        if r.get("version") == version:
            date = (r.get("released") or {}).get("isodate", "")
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
                return version, date
    raise ValueError(f"releases.json gives no release date for {version}")


def download(folder: Path) -> tuple[Path, list[str]]:
    """Fetch the newest stable MAINTAINERS into folder; the file and the sync's source options."""
    version, date = latest_stable(fetch(RELEASES_JSON, 1024 * 1024))
    url = f"{STABLE}/plain/MAINTAINERS?h=v{version}"
    body = fetch(url, MAX_BYTES)
    path = folder / f"MAINTAINERS-{version}"
    path.write_bytes(body)
    note = (f"Downloaded from {url} (releases.json gives the release date); "
            f"MAINTAINERS sha256 {hashlib.sha256(body).hexdigest()}.")
    return path, ["--source-url", f"{STABLE}/tag/?h=v{version}", "--source-date", date, "--source-note", note]


def earlier_files(release: str, folder: Path) -> list[Path]:
    """The MAINTAINERS files of releases before this one kept in folder, for the release history."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from kpolicy.records.naming import release_key

    out = []
    for p in sorted(folder.glob("MAINTAINERS-*")):
        m = NAME.fullmatch(p.name)
        if m and release_key(m.group(1)) < release_key(release):
            out.append(p)
    return out


def sync(file: Path, source: list[str], policies: Path, earlier: list[Path], body: Path | None) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from kpolicy.cli import main

    m = NAME.fullmatch(file.name)
    if m is None:
        print(f"upstream-sync: {file.name}: the file name must be MAINTAINERS-<release>", file=sys.stderr)
        return 2
    if file.stat().st_size > MAX_BYTES:
        print(f"upstream-sync: {file}: larger than {MAX_BYTES} bytes", file=sys.stderr)
        return 2
    args = ["sync", str(file), "--release", m.group(1), "--policies", str(policies), *source]
    if earlier:
        args += ["--earlier", *map(str, earlier)]
    if body is not None:
        args += ["--output", str(body)]
    return main(args)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--download", action="store_true", help="fetch the newest stable release's MAINTAINERS")
    which.add_argument("--file", type=Path, help="a MAINTAINERS-<release> file (.xz/.gz) already here")
    p.add_argument("--source-url")
    p.add_argument("--source-date")
    p.add_argument("--source-note")
    p.add_argument("--policies", type=Path, default=ROOT / "policies")
    p.add_argument("--earlier-from", type=Path, default=ROOT / "tests" / "data",
                   help="the folder with earlier releases' MAINTAINERS-<release> files (default: tests/data)")
    p.add_argument("--body", type=Path, help="write the Markdown of the change here (the pull request's body)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.download:
            try:
                file, source = download(Path(tmp))
            except (OSError, ValueError, KeyError) as e:
                print(f"upstream-sync: download failed: {e}", file=sys.stderr)
                return 2
        else:
            file, source = args.file, []
            for flag, value in (("--source-url", args.source_url), ("--source-date", args.source_date),
                                ("--source-note", args.source_note)):
                if value:
                    source += [flag, value]
        m = NAME.fullmatch(file.name)
        release = m.group(1) if m else ""
        earlier = earlier_files(release, args.earlier_from) if release else []
        return sync(file, source, args.policies, earlier, args.body)


if __name__ == "__main__":
    sys.exit(main())
