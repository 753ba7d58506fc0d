"""Generated cities for tests and benches: it imports every domain app, like config does."""
