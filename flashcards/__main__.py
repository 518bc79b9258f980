"""Run flashcards with `python -m flashcards`."""

from flashcards.cli import main

main()
