"""Run wrk against 127.0.0.1 and read its report.

Only loopback URLs are accepted: the benchmarks never send traffic elsewhere.
"""

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from .procs import BenchError, run_bounded

LOOPBACK = {"127.0.0.1"}

# Each request gets a query string of its own, so no page cache keyed on the
# URL can answer it: every request is a cache miss, i.e. an uncached render.
# The first script argument makes the strings unique across wrk runs; wrk
# gives each thread its own Lua state, hence the thread number. Responses a
# cache still says it answered are counted and reported as bench-cache-hits.
BUST_SCRIPT = """\
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end
function init(args)
  prefix = args[1] or "run"
  hits = 0
end
local counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "bench-nocache=" .. prefix .. "-" ..
    tostring(thread_number) .. "-" .. tostring(counter))
end
response = function(status, headers, body)
  for name, value in pairs(headers) do
    local key = string.lower(name)
    if (key == "x-wagtail-cache" or key == "x-cache" or key == "x-cache-status")
        and string.find(string.lower(value), "hit", 1, true) then
      hits = hits + 1
    end
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("hits") or 0)
  end
  io.write(string.format("bench-cache-hits: %d\\n", total))
end
"""

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)\s*$")
_PERCENTILE = re.compile(r"^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$")
_TOTAL = re.compile(r"^\s*(\d+) requests in (\S+),\s*(\S+) read")
_RPS = re.compile(r"^Requests/sec:\s*(\d+(?:\.\d+)?)")
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s*(\d+)")
_HITS = re.compile(r"^bench-cache-hits:\s*(\d+)")
_SOCKET = re.compile(
    r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)
# "Thread Stats" line: average, standard deviation, maximum, +/- stdev.
_LATENCY_STATS = re.compile(r"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+%\s*$")
SOCKET_ERROR_KINDS = ("connect", "read", "write", "timeout")


def to_ms(text):
    """wrk's durations ("950.00us", "1.23ms", "2.00s", "1.00m") in milliseconds."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse(output):
    """The figures of one ``wrk --latency`` report, as a dict.

    Keys: rps, requests, duration_s, latency_ms {"50": .., "75": .., "90": ..,
    "99": ..}, p50_ms, p99_ms, latency_avg_ms and latency_max_ms (wrk's thread
    stats), non_2xx, socket_errors (their sum) and socket_errors_by_kind
    {"connect", "read", "write", "timeout"}, errors (non-2xx plus socket
    errors), and cache_hits when the cache-busting script ran.
    """
    result = {
        "latency_ms": {},
        "non_2xx": 0,
        "socket_errors": 0,
        "socket_errors_by_kind": dict.fromkeys(SOCKET_ERROR_KINDS, 0),
    }
    in_distribution = False
    for line in output.splitlines():
        if line.strip() == "Latency Distribution":
            in_distribution = True
            continue
        if in_distribution:
            match = _PERCENTILE.match(line)
            if match:
                result["latency_ms"][_pct_key(match.group(1))] = to_ms(match.group(2))
                continue
            in_distribution = False
        if match := _TOTAL.match(line):
            result["requests"] = int(match.group(1))
            result["duration_s"] = to_ms(match.group(2)) / 1000
        elif match := _RPS.match(line):
            result["rps"] = float(match.group(1))
        elif match := _NON_2XX.match(line):
            result["non_2xx"] = int(match.group(1))
        elif match := _SOCKET.match(line):
            counts = [int(g) for g in match.groups()]
            result["socket_errors"] = sum(counts)
            result["socket_errors_by_kind"] = dict(
                zip(SOCKET_ERROR_KINDS, counts, strict=True)
            )
        elif match := _LATENCY_STATS.match(line):
            result["latency_avg_ms"] = to_ms(match.group(1))
            result["latency_max_ms"] = to_ms(match.group(3))
        elif match := _HITS.match(line):
            result["cache_hits"] = int(match.group(1))
    if "rps" not in result or "requests" not in result:
        raise ValueError("no 'Requests/sec' or request total in wrk's output")
    if "50" not in result["latency_ms"] or "99" not in result["latency_ms"]:
        raise ValueError("no latency distribution in wrk's output (use --latency)")
    result["p50_ms"] = result["latency_ms"]["50"]
    result["p99_ms"] = result["latency_ms"]["99"]
    result["errors"] = result["non_2xx"] + result["socket_errors"]
    return result


def _pct_key(text):
    value = float(text)
    return str(int(value)) if value.is_integer() else str(value)


def find_wrk(explicit=None):
    """The wrk executable, or a BenchError saying how to get it."""
    path = explicit or shutil.which("wrk")
    if not path or not Path(path).exists():
        raise BenchError(
            "wrk is not installed (needed for the HTTP measurements). "
            "Install it with `apt-get install wrk`, or set BENCH_WRK to its path."
        )
    return path


def command(
    wrk, url, threads=2, connections=8, duration_s=10, script=None, script_args=()
):
    """The wrk command line; refuses any URL that is not on 127.0.0.1."""
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise BenchError(f"refusing to load-test {url}: only 127.0.0.1 is allowed")
    cmd = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration_s}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    if script:
        cmd += ["-s", str(script)]
    cmd.append(url)
    if script_args:
        cmd += ["--", *script_args]
    return cmd


def run(
    wrk,
    url,
    *,
    duration_s=10,
    threads=2,
    connections=8,
    script=None,
    script_args=(),
    log=None,
):
    """Load ``url`` for ``duration_s`` seconds and return the parsed report."""
    cmd = command(wrk, url, threads, connections, duration_s, script, script_args)
    result = run_bounded(cmd, timeout=duration_s + 30, log=log)
    try:
        report = parse(result.stdout)
    except ValueError as error:
        raise BenchError(f"could not read wrk's report for {url}: {error}") from error
    report["url"] = url
    return report


def version(wrk):
    try:
        done = subprocess.run(  # noqa: S603 (a fixed, local executable)
            [wrk, "-v"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    first = (done.stdout or done.stderr).splitlines()
    return first[0].split(" Copyright")[0].strip() if first else None
