"""A progress bar on stderr for long builds: documents, chars/s, time left.

The total number of documents is counted cheaply, in a background thread,
from the input files (one a ``.txt``/``.md`` file, one a non-blank line of a
``.jsonl``, one a line of a ``.csv`` after its header); standard input has no
total, so the bar then shows counts and speed only. Nothing is written when
the stream is not a terminal.

>>> import io
>>> bar = ProgressBar([], stream=io.StringIO())
>>> bar.enabled
False
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from typing import TextIO

__all__ = ["ProgressBar", "count_documents"]

STDIN = "-"


def _count_lines(path: str, *, header: bool) -> int:
    n = 0
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                n += 1
    return max(0, n - 1) if header else n


def count_documents(inputs: list[str]) -> int | None:
    """About how many documents (and skipped inputs) ``inputs`` hold; None with standard input."""
    from pipelines.readers import iter_source_files

    total = 0
    for path in map(os.fspath, inputs):
        if path == STDIN:
            return None
        for file in iter_source_files(path):
            suffix = os.path.splitext(file)[1].lower()
            try:
                if suffix == ".jsonl":
                    total += _count_lines(file, header=False)
                elif suffix == ".csv":
                    total += _count_lines(file, header=True)
                else:
                    total += 1
            except OSError:
                total += 1
    return total


def _si(value: float) -> str:
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if value >= scale:
            return f"{value / scale:.1f}{unit}"
    return f"{value:.0f}"


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ProgressBar:
    """Call it with each ``DocResult`` (and ``skipped(item)`` with each skipped input).

    Parameters
    ----------
    inputs : list of str
        The build's inputs, to count the documents in them.
    stream : text stream, optional
        Where to draw (stderr by default); nothing is drawn unless it is a terminal.
    delay : float
        Seconds before the bar first shows (short runs print nothing).
    """

    def __init__(self, inputs: list[str], *, stream: TextIO | None = None, delay: float = 1.0, interval: float = 0.2):
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.docs = 0
        self.chars = 0
        self.total: int | None = None
        self.delay, self.interval = delay, interval
        self._started = time.monotonic()
        self._drawn = 0.0
        self._width = 0
        if self.enabled:
            threading.Thread(target=self._count, args=(list(inputs),), daemon=True).start()

    def _count(self, inputs: list[str]) -> None:
        try:
            self.total = count_documents(inputs)
        except Exception:  # a guess for the bar only; the build reports real problems
            self.total = None

    def __call__(self, result) -> None:
        self.docs += 1
        self.chars += len(result.document.text)
        self._tick()

    def skipped(self, item) -> None:
        self.docs += 1
        self._tick()

    def _tick(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._started >= self.delay and now - self._drawn >= self.interval:
            self._drawn = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The bar's text as it stands."""
        elapsed = max(1e-9, (now or time.monotonic()) - self._started)
        rate = f"{_si(self.chars / elapsed)} chars/s"
        total = self.total
        if total and self.docs <= total:
            share = self.docs / total
            left = elapsed / self.docs * (total - self.docs) if self.docs else 0.0
            cells = 20
            full = int(share * cells)
            bar = "█" * full + " " * (cells - full)
            return f"{self.docs:,}/{total:,} docs |{bar}| {share:4.0%}  {rate}  {_clock(left)} left"
        return f"{self.docs:,} docs  {rate}  {_clock(elapsed)}"

    def _draw(self, now: float) -> None:
        columns = shutil.get_terminal_size((80, 20)).columns
        text = self.line(now)[: max(10, columns - 1)]
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar, if it was drawn."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
