"""Run a program in a pseudo-terminal and time what it paints, read back through a terminal emulator (pyte).

Used by bench_startup.py and bench_review.py: keys go in as bytes, output is fed to a
pyte screen, and `wait_for` reports when the bytes that made a condition true arrived.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence

import pyte


class Pty:
    """One program in a pty of `cols` x `rows`; `started` is the monotonic time just before the spawn."""

    def __init__(self, argv: Sequence[str], cols: int = 100, rows: int = 30, env: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "COLUMNS": str(cols),
                    "LINES": str(rows), **(env or {})}  # fmt: skip
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.master = master
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True,
            close_fds=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )  # fmt: skip
        os.close(slave)
        self.raw = bytearray()

    def text(self) -> str:
        """What the screen shows now, one line per row."""
        return "\n".join(self.screen.display)

    def _read(self, timeout: float) -> float | None:
        """Read what is there within `timeout` s into the screen; the arrival time, or None if nothing came."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return None
        arrived = time.perf_counter()
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # the program closed the terminal
            return None
        self.raw += data
        self.stream.feed(data)
        return arrived

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 30.0) -> float:
        """The perf_counter time at which output that makes `condition(screen text)` true arrived.

        Raises TimeoutError (with the screen) if it does not within `timeout` s.
        """
        deadline = time.perf_counter() + timeout
        if condition(self.text()):
            return time.perf_counter()
        while time.perf_counter() < deadline:
            arrived = self._read(min(0.5, max(0.0, deadline - time.perf_counter())))
            if arrived is not None and condition(self.text()):
                return arrived
            if arrived is None and self.proc.poll() is not None:
                break
        raise TimeoutError(f"condition not met within {timeout} s; screen:\n{self.text()}")

    def drain(self, quiet: float = 0.05) -> None:
        """Read until nothing arrives for `quiet` s (the frame is complete)."""
        while self._read(quiet) is not None:
            pass

    def send(self, keys: bytes) -> float:
        """Type `keys`; returns the time they were written."""
        sent = time.perf_counter()
        os.write(self.master, keys)
        return sent

    def wait_exit(self, timeout: float = 10.0) -> float:
        """The time the program exited (its output read meanwhile so it never blocks on a full pty)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                return time.perf_counter()
            self._read(0.002)
        raise TimeoutError("program did not exit")

    def close(self) -> None:
        """Kill the program if it still runs and release the terminal."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


def has_counts(label: str) -> Callable[[str], bool]:
    """A condition: a table row starting with `label` shows at least two numbers."""
    pattern = re.compile(re.escape(label) + r"\s+\d+\s+\d+")
    return lambda text: pattern.search(text) is not None


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
