"""Pilot, snapshot and markup-safety tests of the Textual app."""
