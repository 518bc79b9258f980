"""Reusable widgets of the study app: deck table, card face, grade bar, session bar."""
