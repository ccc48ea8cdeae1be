"""Percentiles and round summaries: the only arithmetic the benchmarks do."""

import math


def percentile(values, pct):
    """The ``pct`` percentile of ``values``, interpolating linearly between ranks.

    The same definition as numpy's default (``linear``) and statistics'
    ``quantiles(method="inclusive")``: 0 is the minimum, 100 the maximum.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {pct}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values):
    return percentile(values, 50)


def describe(samples):
    """p50, p95, min and max of one series of timings."""
    return {
        "p50": median(samples),
        "p95": percentile(samples, 95),
        "min": float(min(samples)),
        "max": float(max(samples)),
        "n": len(samples),
    }


def over_rounds(values):
    """One figure from several rounds: the median, with min and max as the noise.

    ``None`` entries (a round that could not measure) are left out; a metric
    with no value in any round has the value ``None``.
    """
    present = [v for v in values if v is not None]
    if not present:
        return {"value": None, "min": None, "max": None, "rounds": list(values)}
    return {
        "value": median(present),
        "min": float(min(present)),
        "max": float(max(present)),
        "rounds": list(values),
    }


def spread_pct(summary):
    """(max - min) / median in percent, or None when it cannot be computed."""
    value, low, high = summary.get("value"), summary.get("min"), summary.get("max")
    if value in (None, 0) or low is None or high is None:
        return None
    return (high - low) / value * 100
