"""The terminal driver: Textual's own, except that quitting does not wait for its input thread to notice."""

from __future__ import annotations

import signal
import termios

from textual.drivers.linux_driver import LinuxDriver


class QuickExitDriver(LinuxDriver):
    """Textual's Linux/macOS driver; on quit, input is stopped without joining the input thread.

    That thread polls stdin in 0.1 s steps and then once more for 0.1 s, so joining it held
    every quit up by 100-200 ms. When the app is quitting for good nothing reads input again;
    the thread ends by itself a moment later (or with the process). Suspending the app (for
    $EDITOR) still joins it, so two threads never read the same terminal.
    """

    def disable_input(self) -> None:
        """Stop reading input; without waiting for the input thread when the app is quitting."""
        if not getattr(self._app, "quitting", False) or self.exit_event.is_set():
            super().disable_input()
            return
        signal.signal(signal.SIGWINCH, signal.SIG_DFL)
        self._disable_mouse_support()
        self.exit_event.set()  # the thread sees it within 0.1 s and returns; nothing waits for that
        try:
            termios.tcflush(self.fileno, termios.TCIFLUSH)  # keys typed ahead do not reach the shell
        except termios.error:
            pass
