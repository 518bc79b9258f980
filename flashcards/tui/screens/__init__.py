"""The app's screens: home, review, session summary, settings and help."""
