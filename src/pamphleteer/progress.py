"""Turn what a command is doing into lines for the editor: stages with their times, warnings, results.

On a terminal the running stage stands on one line that its time then
replaces; elsewhere (a pipe, a log file, make's output in CI) each stage is
one plain line. `--quiet` keeps only errors, `--verbose` adds details.
Stages never print: they are handed a `Progress` and call it.
"""

from __future__ import annotations

import os
import sys

QUIET, NORMAL, VERBOSE = 0, 1, 2


class Progress:
    """Stage lines and warnings to stderr, results to stdout, at a chosen level of detail."""

    def __init__(self, level: int = NORMAL, *, stream=None, out=None, live: bool | None = None):
        self.level = level
        self.stream = stream or sys.stderr
        self.out = out or sys.stdout
        self.live = self.stream.isatty() if live is None else live
        self.colour = self.live and not os.environ.get("NO_COLOR")
        self._open = False

    @classmethod
    def from_args(cls, args) -> "Progress":
        """The level asked for with --quiet or --verbose."""
        if getattr(args, "quiet", False):
            return cls(QUIET)
        return cls(VERBOSE if getattr(args, "verbose", False) else NORMAL)

    def begin(self, stage: str) -> None:
        """A stage starts: shown only on a terminal, replaced by its time when it ends."""
        if self.live and self.level >= NORMAL:
            self.stream.write(f"{stage:<9} …")
            self.stream.flush()
            self._open = True

    def __call__(self, line: str) -> None:
        """A stage ended (`line` names it with its time), or any other progress line."""
        if self.level >= NORMAL:
            self._write(line)

    def detail(self, line: str) -> None:
        if self.level >= VERBOSE:
            self._write(f"  {line}")

    def warn(self, warning: str) -> None:
        if self.level >= NORMAL:
            label = "\033[33mwarning:\033[0m" if self.colour else "warning:"
            self._write(f"{label} {warning}")

    def result(self, line: str) -> None:
        """What the command made or found, on stdout."""
        if self.level >= NORMAL:
            self._close()
            print(line, file=self.out, flush=True)

    def _write(self, line: str) -> None:
        self._close()
        self.stream.write(line + "\n")
        self.stream.flush()

    def _close(self) -> None:
        if self._open:
            self.stream.write("\r\033[K")
            self._open = False
