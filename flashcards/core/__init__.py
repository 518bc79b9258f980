"""Pure domain logic: scheduler, deck format, clock and statistics; stdlib only, no I/O."""
