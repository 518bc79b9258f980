"""Run flashcards with `python -m flashcards`."""

from flashcards.launch import main

main()
