"""Who used the CPUs while a load ran: the benchmark, PostgreSQL, or others.

Two snapshots of /proc (each process's name, parent and CPU time, and the
machine's busy and idle time from /proc/stat), one before and one after;
``usage`` splits the CPU seconds between them into the benchmark's own
processes (descendants of the benchmark), PostgreSQL (which serves every
client on the machine, other engineers' test suites too) and everything else.
Processes that start and end between the snapshots are not seen one by one
(a PostgreSQL backend per request, without persistent connections): what the
machine was busy with beyond the processes seen is "unattributed".
"""

import contextlib
import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def parse_stat(text):
    """(name, parent pid, CPU seconds of user and system) of /proc/<pid>/stat."""
    head, _, rest = text.rpartition(")")
    name = head.partition("(")[2]
    fields = rest.split()
    # After the name: state ppid ... utime (14th field) stime (15th).
    ppid = int(fields[1])
    ticks = int(fields[11]) + int(fields[12])
    return name, ppid, ticks / TICKS


def machine_times(stat_text):
    """(busy, idle) CPU seconds of all CPUs, from /proc/stat's "cpu" line."""
    for line in stat_text.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            values = [int(v) for v in fields[1:]]
            # user nice system idle iowait irq softirq steal (guest is in user)
            idle = values[3] + (values[4] if len(values) > 4 else 0)
            busy = sum(values[:8]) - idle
            return busy / TICKS, idle / TICKS
    raise ValueError("no cpu line in /proc/stat")


def snapshot(proc="/proc"):
    """{pid: (name, ppid, cpu_seconds)} of every process readable now, and
    under the key "machine" the (busy, idle) seconds of all CPUs."""
    found = {}
    with contextlib.suppress(OSError, ValueError):
        found["machine"] = machine_times((Path(proc) / "stat").read_text())
    for entry in Path(proc).iterdir():
        if not entry.name.isdigit():
            continue
        try:
            found[int(entry.name)] = parse_stat((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue
    return found


def _descends(pid, root, table):
    seen = set()
    while pid and pid not in seen:
        if pid == root:
            return True
        seen.add(pid)
        entry = table.get(pid)
        if entry is None:
            return False
        pid = entry[1]
    return False


def usage(before, after, root_pid, top=5):
    """CPU seconds used between two snapshots: {"bench", "postgres", "others",
    "others_top": [[name, seconds], …]}, and with the machine's times "busy",
    "idle" and "unattributed" (busy beyond the processes seen)."""
    result = {"bench": 0.0, "postgres": 0.0, "others": 0.0}
    others = {}
    for pid, entry in after.items():
        if pid == "machine":
            continue
        name, _ppid, seconds = entry
        earlier = before.get(pid)
        # Kernel workers rename themselves as they go: the pid is what counts.
        used = seconds - earlier[2] if earlier is not None else seconds
        if name.startswith("kworker"):
            name = "kworker"
        if used <= 0:
            continue
        if _descends(pid, root_pid, after):
            result["bench"] += used
        elif name.startswith("postgres"):
            result["postgres"] += used
        else:
            result["others"] += used
            others[name] = others.get(name, 0.0) + used
    ranked = sorted(others.items(), key=lambda item: -item[1])[:top]
    result["others_top"] = [[name, seconds] for name, seconds in ranked]
    if "machine" in before and "machine" in after:
        busy = after["machine"][0] - before["machine"][0]
        idle = after["machine"][1] - before["machine"][1]
        seen = result["bench"] + result["postgres"] + result["others"]
        result["busy"] = busy
        result["idle"] = idle
        result["unattributed"] = max(0.0, busy - seen)
    return result
