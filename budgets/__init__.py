"""Budget lines: planned, secured and executed amounts by unit, source and year."""
