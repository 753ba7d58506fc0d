"""Budget lines: planned, secured and executed amounts by unit, source and year; attaches to `plans` and `pledges`, never to `kpis`."""
