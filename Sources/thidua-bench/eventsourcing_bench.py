"""The same append and replay with Python's `eventsourcing` library on SQLite, for
thidua-bench to compare in one run. Install it in a virtual environment (not in the
project):  python3 -m venv /tmp/es && /tmp/es/bin/pip install eventsourcing==9.4.6

    python eventsourcing_bench.py COUNT DBFILE   → prints "<append events/s> <replay events/s>"

Append: one event per save (one durable transaction each), spread over 100 aggregates
(units) like thidua's unit reports. Replay: every aggregate rebuilt from its events.
"""
import os
import sys
import time

count, path = int(sys.argv[1]), sys.argv[2]
if os.path.exists(path):
    os.remove(path)
os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
os.environ["SQLITE_DBNAME"] = path

from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402


class Unit(Aggregate):
    @event("Registered")
    def __init__(self, name: str):
        self.name = name
        self.values = {}

    @event("IndicatorReported")
    def report(self, code: str, value: str):
        self.values[code] = value


class Movement(Application):
    pass


app = Movement()
units = [Unit(name=f"u{i}") for i in range(100)]
for u in units:
    app.save(u)
t = time.perf_counter()
for i in range(count):
    u = units[i % len(units)]
    u.report(code=f"I{i % 3 + 1}", value=f"{90 + i % 30}.5")
    app.save(u)
append = count / (time.perf_counter() - t)
t = time.perf_counter()
n = 0
for u in units:
    a = app.repository.get(u.id)
    n += a.version
replay = n / (time.perf_counter() - t)
print(f"{append:.1f} {replay:.1f}")
