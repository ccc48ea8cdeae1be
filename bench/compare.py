"""Compare two benchmark results: ``python bench/compare.py OLD.json NEW.json``.

Prints, for every figure both runs measured, the old and new value and the
ratio new/old, marked better or worse when it moved by more than the noise
(--noise, default 25%: this machine swings ±25–50% between runs).
"""

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.aggregate import HIGHER, METRIC_INFO, METRICS  # noqa: E402
from bench.report import fmt_number, markdown_table  # noqa: E402


def _runs(results):
    return {
        (run["database"], run["size"]): run
        for run in results.get("runs", [])
        if run.get("status") == "ok"
    }


def verdict(old, new, better, noise):
    """ "better", "worse" or "same" (within noise) for one figure."""
    if old == new:
        return "same"
    if not old:
        return "worse" if (new > old) != (better == HIGHER) else "better"
    ratio = new / old
    if abs(ratio - 1) <= noise:
        return "same"
    improved = ratio > 1 if better == HIGHER else ratio < 1
    return "better" if improved else "worse"


def compare(old, new, noise=0.25):
    """Rows of (metric key, label, where, old, new, ratio, verdict)."""
    rows = []
    old_runs, new_runs = _runs(old), _runs(new)
    for where in [k for k in new_runs if k in old_runs]:
        before, after = old_runs[where], new_runs[where]
        for key, label, _unit, better in METRICS:
            a = ((before.get("metrics") or {}).get(key) or {}).get("value")
            b = ((after.get("metrics") or {}).get(key) or {}).get("value")
            if a is None or b is None:
                continue
            ratio = b / a if a else None
            rows.append(
                {
                    "metric": key,
                    "label": label,
                    "where": f"{after.get('label', where[0])} {where[1]:,}",
                    "old": a,
                    "new": b,
                    "ratio": ratio,
                    "verdict": verdict(a, b, better, noise),
                }
            )
    return rows


def warnings(old, new):
    notes = []
    for field in ("cpu_model", "nproc"):
        a = (old.get("machine") or {}).get(field)
        b = (new.get("machine") or {}).get(field)
        if a != b:
            notes.append(f"different machines: {field} {a!r} → {b!r}")
    for field in ("rounds", "renders", "duration"):
        a = (old.get("config") or {}).get(field)
        b = (new.get("config") or {}).get(field)
        if a != b:
            notes.append(f"different settings: {field} {a!r} → {b!r}")
    missing = set(_runs(old)) ^ set(_runs(new))
    for database, size in sorted(missing):
        notes.append(f"{database} {size:,} was measured in one run only")
    return notes


def render(rows, old, new):
    table_rows = []
    for row in rows:
        unit = METRIC_INFO[row["metric"]][1]
        ratio = "–" if row["ratio"] is None else f"×{row['ratio']:.2f}"
        mark = {"better": "better", "worse": "WORSE", "same": ""}[row["verdict"]]
        table_rows.append(
            [
                row["label"],
                row["where"],
                fmt_number(row["old"], unit),
                fmt_number(row["new"], unit),
                ratio,
                mark,
            ]
        )
    header = (
        f"Old: {old.get('date', '?')} ({(old.get('machine') or {}).get('git', '?')})\n"
        f"New: {new.get('date', '?')} ({(new.get('machine') or {}).get('git', '?')})\n"
    )
    table = markdown_table(
        ["Figure", "Where", "Old", "New", "New/old", ""], table_rows, "llrrrl"
    )
    notes = "".join(f"Note: {note}\n" for note in warnings(old, new))
    return f"{header}\n{table}\n\n{notes}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument(
        "--noise",
        type=float,
        default=0.25,
        help="relative change counted as noise (default 0.25)",
    )
    args = parser.parse_args(argv)
    try:
        old = json.loads(Path(args.old).read_text())
        new = json.loads(Path(args.new).read_text())
    except (OSError, ValueError) as error:
        print(f"compare: {error}", file=sys.stderr)
        return 2
    rows = compare(old, new, args.noise)
    if not rows:
        print("compare: the two runs have no database and size in common")
        return 1
    sys.stdout.write(render(rows, old, new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
