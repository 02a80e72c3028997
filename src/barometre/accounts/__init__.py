"""Staff accounts: operators, territorial relays and read-only analysts."""
