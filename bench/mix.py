"""Mixed visitor traffic for wrk, spread over several servers on 127.0.0.1.

``script`` writes a Lua script for one wrk process whose threads are given
to the servers in turn (thread 1 to the first, thread 2 to the second, …; wrk
gives each thread the same share of the connections), each request taking the
next kind of request in ``slots(weights)`` order: the seed page, other
treatment pages, the home page, /treatments/, searches, suggestions, and
addresses that do not exist (404s, a new one each time, as a crawler's
guesses are, so no cache can answer them).

Every request carries the same Host header, whatever the server, as behind a
load balancer: both servers key the shared page cache alike. ``done()``
prints one ``bench-thread:`` line per thread (its server, what it sent by
kind, the statuses by class and the page cache's hit/miss header), which
``parse_threads`` and ``per_server`` read.
"""

import re
from urllib.parse import quote, urlencode

# kind, weight (share of requests, in percent)
WEIGHTS = (
    ("seed", 15),
    ("treatment", 30),
    ("home", 10),
    ("index", 10),
    ("search", 15),
    ("suggest", 15),
    ("missing", 5),
)
KINDS = tuple(kind for kind, _weight in WEIGHTS)
# What visitors type: the search benchmark's queries (bench/probe.py) and the
# starts of words the search box suggests pages for.
SUGGEST_PREFIXES = (
    "st",
    "ste",
    "stem",
    "cer",
    "cerebral",
    "aut",
    "kne",
    "par",
    "spa",
    "exo",
    "str",
    "hai",
    "int",
    "mul",
    "çoc",
    "bey",
)
MISSING_PREFIX = "/bench-missing-"
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "other")
_THREAD_LINE = re.compile(r"^bench-thread:\s+(.*)$")


def slots(weights=WEIGHTS):
    """The kinds of request in the order sent, each ``weight`` times per cycle,
    spread evenly (smooth weighted round robin, as nginx balances)."""
    weights = [(kind, int(weight)) for kind, weight in weights if int(weight) > 0]
    if not weights:
        raise ValueError("no kind of request has a weight")
    total = sum(weight for _kind, weight in weights)
    current = dict.fromkeys((kind for kind, _ in weights), 0)
    order = []
    for _ in range(total):
        for kind, weight in weights:
            current[kind] += weight
        chosen = max(weights, key=lambda item: current[item[0]])[0]
        current[chosen] -= total
        order.append(chosen)
    return order


def search_path(query):
    return "/search/?" + urlencode({"q": query})


def suggest_path(prefix):
    return "/search/suggest/?" + urlencode({"q": prefix})


def paths(seed_path, treatment_paths, search_queries, suggest_prefixes):
    """The addresses of each kind (the 404s are made up per request)."""
    if not treatment_paths:
        raise ValueError("no treatment pages to request")
    return {
        "seed": [seed_path],
        "treatment": list(treatment_paths),
        "home": ["/"],
        "index": ["/treatments/"],
        "search": [search_path(query) for query in search_queries],
        "suggest": [suggest_path(prefix) for prefix in suggest_prefixes],
    }


def _lua_string(text):
    """A Lua string literal of an ASCII path (percent-encoding anything else)."""
    text = quote(text, safe="/?=&%+-_.~:,;@!$'()*")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def script(ports, kinds_paths, host="127.0.0.1", weights=WEIGHTS):
    """The Lua script: ``ports`` the servers, ``kinds_paths`` from ``paths``."""
    if not ports:
        raise ValueError("no server ports")
    order = slots(weights)
    # The 404s are made up per request; every other kind needs addresses.
    lacking = {kind for kind in order if kind not in kinds_paths} - {"missing"}
    if lacking:
        raise ValueError(f"no addresses for {', '.join(sorted(lacking))}")
    lists = "\n".join(
        f"  {kind} = {{{', '.join(_lua_string(p) for p in kinds_paths[kind])}}},"
        for kind in KINDS
        if kind in kinds_paths
    )
    kinds = ", ".join(f'"{kind}"' for kind in KINDS)
    return (
        _LUA.replace("@PORTS@", ", ".join(str(int(port)) for port in ports))
        .replace("@HOST@", _lua_string(host))
        .replace("@SLOTS@", ", ".join(f'"{kind}"' for kind in order))
        .replace("@LISTS@", lists)
        .replace("@KINDS@", kinds)
        .replace("@MISSING@", _lua_string(MISSING_PREFIX))
    )


_LUA = """\
-- Written by bench/mix.py for one run of publish-under-load.
local ports = {@PORTS@}
local host = @HOST@
local slots = {@SLOTS@}
local kinds = {@KINDS@}
local lists = {
@LISTS@
}
local missing_prefix = @MISSING@
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  local server = ((#threads - 1) % #ports) + 1
  thread.addr = wrk.lookup(host, tostring(ports[server]))[1]
  thread:set("server", server)
  thread:set("thread_number", #threads)
end

function init(args)
  wrk.headers["Host"] = host
  prefix = args[1] or "run"
  counter = 0
  sent = {}
  for _, kind in ipairs(kinds) do sent[kind] = 0 end
  s2xx, s3xx, s4xx, s5xx, sother, s404 = 0, 0, 0, 0, 0, 0
  hits, misses = 0, 0
end

request = function()
  counter = counter + 1
  -- Threads start at different places in the cycle.
  local kind = slots[((counter + thread_number * 37) % #slots) + 1]
  local path
  if kind == "missing" then
    path = missing_prefix .. prefix .. "-" .. thread_number .. "-" .. counter .. "/"
  else
    local list = lists[kind]
    path = list[(sent[kind] % #list) + 1]
  end
  sent[kind] = sent[kind] + 1
  return wrk.format("GET", path)
end

response = function(status, headers, body)
  if status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status >= 300 and status < 400 then s3xx = s3xx + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 and status < 600 then s5xx = s5xx + 1
  else sother = sother + 1 end
  if status == 404 then s404 = s404 + 1 end
  for name, value in pairs(headers) do
    if string.lower(name) == "x-wagtail-cache" then
      local state = string.lower(value)
      if string.find(state, "hit", 1, true) then hits = hits + 1
      elseif string.find(state, "miss", 1, true) then misses = misses + 1 end
    end
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local line = "bench-thread: server=" .. thread:get("server")
    local sent = thread:get("sent") or {}
    for _, kind in ipairs(kinds) do
      line = line .. " sent_" .. kind .. "=" .. (sent[kind] or 0)
    end
    for _, name in ipairs({"s2xx", "s3xx", "s4xx", "s5xx", "sother", "s404",
                           "hits", "misses"}) do
      line = line .. " " .. name .. "=" .. (thread:get(name) or 0)
    end
    io.write(line .. "\\n")
  end
end
"""


def parse_threads(output):
    """The ``bench-thread:`` lines of wrk's output, as dicts of integers."""
    threads = []
    for line in output.splitlines():
        match = _THREAD_LINE.match(line.strip())
        if not match:
            continue
        fields = {}
        for token in match.group(1).split():
            name, _, value = token.partition("=")
            if value.lstrip("-").isdigit():
                fields[name] = int(value)
        if "server" in fields:
            threads.append(fields)
    return threads


def per_server(threads, names=None):
    """Threads added up per server: {name: {"sent": {kind: n}, "status":
    {"2xx": n, …, "404": n}, "cache": {"hit": n, "miss": n}, "responses": n}}.

    ``names`` maps server numbers (1, 2, …) to names; unnamed ones keep theirs.
    """
    names = names or {}
    servers = {}
    for thread in threads:
        name = names.get(thread["server"], str(thread["server"]))
        server = servers.setdefault(
            name,
            {
                "sent": dict.fromkeys(KINDS, 0),
                "status": {**dict.fromkeys(STATUS_CLASSES, 0), "404": 0},
                "cache": {"hit": 0, "miss": 0},
                "responses": 0,
            },
        )
        for kind in KINDS:
            server["sent"][kind] += thread.get(f"sent_{kind}", 0)
        for status in STATUS_CLASSES:
            count = thread.get(f"s{status}", 0)
            server["status"][status] += count
            server["responses"] += count
        server["status"]["404"] += thread.get("s404", 0)
        server["cache"]["hit"] += thread.get("hits", 0)
        server["cache"]["miss"] += thread.get("misses", 0)
    return servers
