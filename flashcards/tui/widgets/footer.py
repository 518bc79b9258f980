"""The key footer, rebuilt only when the keys it shows change (Textual's rebuilds it on every focus change)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# What the footer shows for one binding: key, label, action, enabled, tooltip.
Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeyFooter(Footer):
    """Textual's Footer, except that a change of focus or `refresh_bindings` that leaves the shown keys as
    they are does not remount every key (on the review screen that was three rebuilds per card), and one
    that only hides keys of the last build, or shows them again, hides or shows those keys in place
    (the review screen's Show answer key, on each reveal and each grade)."""

    _shown: Shown | None = None
    _built: Shown = ()  # the keys the mounted FooterKeys were built from

    def __init__(self, *, hold_keys: bool = False) -> None:
        """`hold_keys`: show no keys until `release_keys` is called (home paints its counts first: its
        keys are some 8 widgets, ~15 ms of CPU that frame would otherwise wait for)."""
        super().__init__()
        self._held = hold_keys

    def release_keys(self) -> None:
        """Build the keys of a footer made with `hold_keys` (once; later calls do nothing)."""
        if self._held:
            self._held = False
            if self.is_attached:
                # From the footer's own queue: the keys are built with the footer as the active pump, which
                # their `data_bind` needs (a caller's after-refresh callback runs as the app).
                self.call_later(self.bindings_changed, self.screen)

    def compose(self) -> ComposeResult:
        self._built = shown_keys(self.screen) if self._bindings_ready else ()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild (as Footer does) only if the keys on show differ from the last build's."""
        if self._held:
            return
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = shown_keys(screen)
            if shown == self._shown:
                return
            self._shown = shown
            if self._can_toggle(shown):
                self.call_after_refresh(self._toggle, shown)  # after the frame the key changed, as Footer does
                return
        super().bindings_changed(screen)

    def _can_toggle(self, shown: Shown) -> bool:
        """True if `shown` is the last build less some keys (so hiding keys in place shows it)."""
        built = set(self._built)
        if not self._built or not set(shown) <= built or len(self._built) != len(built):
            return False
        keys = [key for key in self.query_children(FooterKey) if not key.has_class("-command-palette")]
        entries = [entry for entry in self._built if entry[0] != self.app.COMMAND_PALETTE_BINDING]
        if len(keys) != len(entries) or any(k.action != e[2] or k.key != e[0] for k, e in zip(keys, entries, strict=True)):
            return False  # grouped or merged keys: leave it to a rebuild
        palette = [entry for entry in self._built if entry[0] == self.app.COMMAND_PALETTE_BINDING]
        if any(entry not in shown for entry in palette):
            return False
        return True

    def _toggle(self, shown: Shown) -> None:
        """Show only the mounted keys in `shown` (unless a rebuild or another change came meanwhile)."""
        if shown != self._shown or not self._can_toggle(shown):
            return
        wanted = set(shown)
        keys = [key for key in self.query_children(FooterKey) if not key.has_class("-command-palette")]
        entries = [entry for entry in self._built if entry[0] != self.app.COMMAND_PALETTE_BINDING]
        for key, entry in zip(keys, entries, strict=True):
            if key.display != (entry in wanted):
                key.display = entry in wanted
        columns = sum(entry in wanted for entry in entries)
        if self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns


def shown_keys(screen: Screen[Any]) -> Shown:
    """The bindings a footer on `screen` shows, with the palette key, as comparable values."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show or binding.key == screen.app.COMMAND_PALETTE_BINDING
    )
