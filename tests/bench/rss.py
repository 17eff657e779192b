"""Peak resident memory of the current process image, for the benchmark rows."""

from __future__ import annotations

import resource


def peak_rss_kb() -> int:
    """Peak RSS in KiB since this process image started.

    VmHWM resets at exec; ``ru_maxrss`` keeps the peak of the process that forked us, so a large
    parent (pytest, the benchmark runner) would otherwise show up as our own peak.
    """
    try:
        with open("/proc/self/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
