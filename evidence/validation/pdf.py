"""PDF files: JavaScript and automatic actions found by a bounded scan, recorded as flags."""

from __future__ import annotations

import bisect
import contextlib
import mmap
import re
import zlib
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _

from evidence.models import RevisionFlag
from evidence.validation.common import PDF_INFLATE_BUDGET, READ_CHUNK, _refuse

_PDF_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_PDF_NAME = re.compile(rb"/([^" + _PDF_DELIMITERS + rb"]*)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE = {
    b"JS": RevisionFlag.PDF_JAVASCRIPT.value,
    b"JavaScript": RevisionFlag.PDF_JAVASCRIPT.value,
    b"OpenAction": RevisionFlag.PDF_AUTO_ACTION.value,
    b"AA": RevisionFlag.PDF_AUTO_ACTION.value,
}
# One pattern per name, each starting with a literal, so the regex engine skips ahead at C speed
# (an alternation starting with "/" would try every slash of a file made of slashes).
_PDF_ACTIVE_NAMES = [
    (re.compile(b"/" + name + rb"(?=[" + _PDF_DELIMITERS + rb"]|\Z)"), flag)
    for name, flag in _PDF_ACTIVE.items()
]
_PDF_ESCAPE = re.compile(rb"#[0-9A-Fa-f]{2}")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_FLAG_ORDER = (RevisionFlag.PDF_JAVASCRIPT.value, RevisionFlag.PDF_AUTO_ACTION.value)
# Work caps: a file built to make the scan slow (millions of streams, escaped names or names
# hidden in stream data) is refused, not scanned for minutes.
PDF_MAX_STREAMS = 200_000
PDF_MAX_CANDIDATES = 100_000

Buffer = bytes | mmap.mmap
# The scan reads a mapped file window by window and hands each window's pages back to the kernel
# once past it, so a 200 MB PDF never sits in the process's resident memory (design section 10).
SCAN_WINDOW = 8 * 1024 * 1024
# A match starting in a window lies whole within it plus this overlap (the longest pattern,
# "/JavaScript" and its delimiter, is 12 bytes; "endstream" 9).
SCAN_OVERLAP = 64


def _pdf_name(raw: bytes) -> bytes:
    return _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


@contextlib.contextmanager
def _whole(f: IO[bytes]) -> Iterator[Buffer]:
    """The uploaded file as one buffer: memory-mapped when it is on disk, else read in chunks
    (in-memory uploads are small)."""
    try:
        fileno = f.fileno()
    except (AttributeError, OSError, ValueError):
        fileno = -1
    try:
        if fileno >= 0:
            with mmap.mmap(fileno, 0, access=mmap.ACCESS_READ) as mapped:
                yield mapped
        else:
            f.seek(0)
            yield b"".join(iter(lambda: f.read(READ_CHUNK), b""))
    finally:
        f.seek(0)


def _release(buf: Buffer, start: int, stop: int) -> None:
    """Drop the mapped pages of buf[start:stop] from resident memory (they stay in the page
    cache; a later read maps them again). Nothing to do for bytes."""
    if not isinstance(buf, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED"):
        return
    first = start - start % mmap.PAGESIZE
    if stop > first:
        with contextlib.suppress(OSError, ValueError):
            buf.madvise(mmap.MADV_DONTNEED, first, stop - first)


def _windows(buf: Buffer, pos: int) -> Iterator[tuple[int, int, int]]:
    """(start, stop, search end) of each window from `pos`; pages released behind each."""
    size = len(buf)
    while pos < size:
        stop = min(pos + SCAN_WINDOW, size)
        yield pos, stop, min(stop + SCAN_OVERLAP, size)
        _release(buf, pos, stop)
        pos = stop


def _finditer(pattern: re.Pattern[bytes], buf: Buffer, pos: int = 0) -> Iterator[re.Match[bytes]]:
    """pattern.finditer(buf, pos), window by window: the same matches (each shorter than the
    overlap), with the resident memory of one window."""
    for start, stop, end in _windows(buf, pos):
        for hit in pattern.finditer(buf, start, end):
            if hit.start() >= stop:
                break  # found again, whole, by the next window
            yield hit


def _find(buf: Buffer, sub: bytes, pos: int) -> int:
    """buf.find(sub, pos), window by window."""
    for start, _stop, end in _windows(buf, pos):
        at = buf.find(sub, start, end)
        if at >= 0:
            return at
    return -1


class _PdfTooComplex(Exception):
    pass


class _PdfScan:
    """Where a PDF's stream data lies, and which active names occur outside it."""

    def __init__(self, buf: Buffer) -> None:
        self.buf = buf
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.object_streams: list[tuple[int, int]] = []
        self.candidates = 0
        self._find_streams()

    def _count(self) -> None:
        self.candidates += 1
        if self.candidates > PDF_MAX_CANDIDATES:
            raise _PdfTooComplex

    def _find_streams(self) -> None:
        buf, pos, released = self.buf, 0, 0
        while found := next(_finditer(_PDF_STREAM, buf, pos), None):
            if found.start() - released >= SCAN_WINDOW:  # streams found without a whole window
                _release(buf, released, found.start())
                released = found.start()
            pos = found.end()
            if found.start() and buf[found.start() - 1 : found.start()].isalpha():
                continue  # "endstream" of a stream already skipped, or a longer word
            stop = _find(buf, b"endstream", pos)
            if stop < 0:
                stop = len(buf)
            self.starts.append(pos)
            self.ends.append(stop)
            if len(self.starts) > PDF_MAX_STREAMS:
                raise _PdfTooComplex
            dictionary = bytes(buf[max(0, found.start() - 1024) : found.start()])
            dictionary = dictionary[dictionary.rfind(b"obj") + 1 :]
            if (b"ObjStm" in dictionary or b"#" in dictionary) and any(
                _pdf_name(m.group(1)) == b"ObjStm" for m in _PDF_NAME.finditer(dictionary)
            ):
                self.object_streams.append((pos, stop))
            pos = stop + len(b"endstream")

    def _in_stream(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.ends[i]

    def flags(self, data: Buffer | None = None) -> set[str]:
        """Active names outside stream data (of `data`, an inflated object stream, if given)."""
        buf = self.buf if data is None else data
        outside = (lambda at: True) if data is not None else (lambda at: not self._in_stream(at))
        found: set[str] = set()
        for pattern, flag in _PDF_ACTIVE_NAMES:
            if flag in found:
                continue
            for hit in _finditer(pattern, buf):
                if outside(hit.start()):
                    found.add(flag)
                    break
                self._count()
        # Escaped names (/J#61vaScript): decoded one by one, found by their escapes.
        for escape in _finditer(_PDF_ESCAPE, buf):
            self._count()
            start = buf.rfind(b"/", max(0, escape.start() - 64), escape.start())
            if start < 0 or not outside(start):
                continue
            name = _PDF_NAME.match(buf, start)
            if name and (active := _PDF_ACTIVE.get(_pdf_name(name.group(1)))):
                found.add(active)
        return found


def _inflate(buf: Buffer, start: int, stop: int, budget: int) -> bytes:
    """Up to `budget` bytes of the zlib stream buf[start:stop], fed a chunk at a time."""
    inflater, out, size = zlib.decompressobj(), [], 0
    for at in range(start, stop, READ_CHUNK):
        out.append(inflater.decompress(bytes(buf[at : min(at + READ_CHUNK, stop)]), budget - size))
        size += len(out[-1])
        if size >= budget or inflater.eof:
            break
    return b"".join(out)


def _pdf_flags(f: IO[bytes], name: str) -> tuple[str, ...]:
    """JavaScript (/JS, /JavaScript) and automatic actions (/OpenAction, /AA) in a PDF.

    Reads every name outside stream data (names may be #-escaped) and inside compressed object
    streams (PDF 1.5), where a catalog can hide; other streams (images, page content) are
    skipped, so bytes of an image never count as a name.
    """
    budget = PDF_INFLATE_BUDGET
    try:
        with _whole(f) as buf:
            scan = _PdfScan(buf)
            found = scan.flags()
            for start, stop in scan.object_streams:
                if budget <= 0:
                    break
                try:
                    data = _inflate(buf, start, stop, budget)
                except zlib.error:
                    continue
                budget -= len(data)
                found |= scan.flags(data)
            _release(buf, 0, len(buf))
    except _PdfTooComplex as exc:
        raise _refuse(
            name,
            _("susunan PDF-nya tidak wajar (terlalu banyak objek untuk diperiksa)"),
            "pdf_complex",
        ) from exc
    return tuple(flag for flag in _PDF_FLAG_ORDER if flag in found)
