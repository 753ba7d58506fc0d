"""Peak resident memory of this process, measured by the kernel (Linux: VmHWM, reset by clear_refs)."""

import contextlib
import threading
from pathlib import Path

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_mb(field):
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def reset_peak():
    """Start a new peak at the current resident size; the resident size now, in MB."""
    CLEAR_REFS.write_text("5")
    return _status_mb("VmRSS")


def peak_mb():
    """The highest resident size since the last reset, in MB."""
    return _status_mb("VmHWM")


class PeakRss:
    """The largest growth of the process's peak RSS over measured blocks, and which block it was."""

    lock = threading.Lock()

    def __init__(self):
        self.worst_mb, self.worst = 0.0, None

    @contextlib.contextmanager
    def measure(self, label):
        """Measure the growth of the peak while the block runs."""
        start = reset_peak()
        try:
            yield
        finally:
            growth = peak_mb() - start
            if growth > self.worst_mb:
                self.worst_mb, self.worst = growth, label

    def report(self):
        """The worst growth in words."""
        return f"{self.worst_mb:.1f} MB (worst: {self.worst})"
