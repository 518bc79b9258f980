"""The key footer, rebuilt only when the keys it shows change (Textual's rebuilds it on every focus change)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

# What the footer shows for one binding: key, label, action, enabled, tooltip.
Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeyFooter(Footer):
    """Textual's Footer, except that a change of focus or `refresh_bindings` that leaves the shown keys as
    they are does not remount every key (on the review screen that was three rebuilds per card)."""

    _shown: Shown | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild (as Footer does) only if the keys on show differ from the last build's."""
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = shown_keys(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)


def shown_keys(screen: Screen[Any]) -> Shown:
    """The bindings a footer on `screen` shows, with the palette key, as comparable values."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show or binding.key == screen.app.COMMAND_PALETTE_BINDING
    )
