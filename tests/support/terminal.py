"""A real terminal for tests: run a command under a pseudo-terminal and render its output with pyte.

The Pilot driver never writes bytes to a terminal, so it cannot show what an escape sequence
in card text would do. Here the app writes to a pty exactly as it would to the user's
terminal; every byte goes to a pyte screen (a VT100/xterm emulator) and is also kept raw,
so a test can assert both what the user sees and that no hostile sequence was sent.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]


def render(data: bytes, columns: int = 120, lines: int = 40) -> pyte.Screen:
    """A pyte screen after `data` was written to it (for CLI output captured from a pipe)."""
    screen = pyte.Screen(columns, lines)
    stream = pyte.ByteStream(screen)
    stream.feed(data.replace(b"\n", b"\r\n"))
    return screen


def screen_lines(screen: pyte.Screen) -> list[str]:
    """The screen's rows as text, trailing spaces removed."""
    return [line.rstrip() for line in screen.display]


class Terminal:
    """`argv` running under a pty of `columns` x `lines`, rendered into a pyte screen as it writes."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], columns: int = 80, lines: int = 24) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self._lock = threading.Lock()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.master = master
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)},
            cwd=ROOT,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if not ready:
                    if self.proc.poll() is not None:
                        return
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.raw += chunk
                self.stream.feed(chunk)

    def text(self) -> str:
        """Everything on the emulated screen now, one row per line."""
        with self._lock:
            return "\n".join(screen_lines(self.screen))

    def output(self) -> bytes:
        """Every byte the program has written so far."""
        with self._lock:
            return bytes(self.raw)

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 60.0) -> str:
        """Wait until `condition(screen text)` holds; fail with the screen after `timeout` (a hang bound, not a speed test)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if condition(text):
                return text
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"the terminal never showed what was expected; it shows:\n{self.text()}")

    def send(self, keys: str) -> None:
        """Type `keys` (use "\\r" for Enter, "\\x1b[B" for Down, "\\x11" for Ctrl+Q)."""
        os.write(self.master, keys.encode())

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Wait for the program to exit and return its exit code; kill it and fail after `timeout`."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the program did not exit within {timeout} s; the screen shows:\n{self.text()}") from None

    def kill(self) -> None:
        """Stop the program (and its process group) if it still runs, and close the pty."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._reader.join(timeout=2)
        try:
            os.close(self.master)
        except OSError:
            pass


def flashcards_argv(*args: str) -> list[str]:
    """The command line that runs the installed entry point with this interpreter."""
    return [sys.executable, "-c", "from flashcards.launch import main; main()", *args]
