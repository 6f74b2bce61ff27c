"""An .xz stream decompressed in a second thread, read like a file.

Reading a kernel tarball is bound by decompression. lzma releases the GIL while it
decompresses, so a thread that decompresses ahead while the main thread walks the tar headers
and counts lines uses the second core: the whole read takes little more than the decompression
alone. Memory stays bounded: at most QUEUE chunks of at most CHUNK bytes wait between the two
threads (an xz bomb is decompressed CHUNK bytes at a time, never at once).
"""

from __future__ import annotations

import contextlib
import lzma
import queue
import threading
from typing import Protocol

CHUNK = 4 << 20  # decompressed bytes handed over at a time
READ = 256 << 10  # compressed bytes read at a time
QUEUE = 8


class Source(Protocol):
    """What XzStream reads the compressed bytes from."""

    def read(self, size: int, /) -> bytes: ...


class XzStream:
    def __init__(self, raw: Source) -> None:
        self._raw = raw
        self._queue: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=QUEUE)
        self._buf = b""
        self._pos = 0
        self._done = False
        self._discard = threading.Event()
        self._thread = threading.Thread(target=self._run, name="xz", daemon=True)
        self._thread.start()

    def _put(self, item: bytes | BaseException | None) -> bool:
        """Hand an item over; False when the reader no longer wants any."""
        while not self._discard.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            dec = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
            while not self._discard.is_set():
                data = self._raw.read(READ)
                if not data:
                    break
                while True:
                    if dec.eof:
                        if not data.strip(b"\0"):
                            break  # padding after a stream
                        dec = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)  # a concatenated stream
                    out = dec.decompress(data, max_length=CHUNK)
                    data = dec.unused_data if dec.eof else b""
                    if out and not self._put(out):
                        return
                    if not dec.eof and dec.needs_input:
                        break
            else:
                return  # the reader stopped
            if not dec.eof:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            self._put(None)
        except BaseException as e:  # handed to the reader, raised there
            self._put(e)

    def read(self, size: int = -1) -> bytes:
        parts = []
        while size != 0:
            if self._pos >= len(self._buf):
                if self._done:
                    break
                item = self._queue.get()
                if item is None:
                    self._done = True
                    break
                if isinstance(item, BaseException):
                    self._done = True
                    raise item
                self._buf, self._pos = item, 0
                continue
            end = len(self._buf) if size < 0 else min(len(self._buf), self._pos + size)
            piece = self._buf[self._pos:end]
            self._pos = end
            parts.append(piece)
            if size > 0:
                size -= len(piece)
        return b"".join(parts)

    def close(self) -> None:
        """Stop the thread (what it has not decompressed yet is dropped) and wait for it."""
        self._discard.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.1)
        self._thread.join()
