"""Closing the terminal or stopping sli stops a recording like Ctrl-C does."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType


@dataclass
class Caught:
    signum: int = int(signal.SIGINT)

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as shells report a process it stopped."""
        return 128 + self.signum


@contextmanager
def signals_as_interrupts() -> Iterator[Caught]:
    """While inside, SIGTERM and SIGHUP (``kill``, a closed terminal, a
    dropped SSH session) raise ``KeyboardInterrupt`` like Ctrl-C, so what was
    typed is kept; ``Caught`` says which signal it was."""
    caught = Caught()

    def handler(signum: int, frame: FrameType | None) -> None:
        caught.signum = signum
        raise KeyboardInterrupt

    names = ("SIGTERM", "SIGHUP")  # Windows has no SIGHUP
    wanted = [getattr(signal, n) for n in names if hasattr(signal, n)]
    previous = {s: signal.signal(s, handler) for s in wanted}
    try:
        yield caught
    finally:
        for s, old in previous.items():
            signal.signal(s, old)
