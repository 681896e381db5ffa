#!/usr/bin/env python3
"""Draws the benchmark charts from the results file benchmarks/run.sh writes.

Usage: charts.py RESULTS_TSV OUT_DIR

RESULTS_TSV has one measured value a line: section, server, metric, value (tab-separated; a
metric measured in several rounds has several lines, and the charts show their median, as the
tables do); lines of section "meta" give each server's JDK (metric "jdk"). Each chart is drawn
only when its section ran. Needs matplotlib (Debian's python3-matplotlib).
"""

import csv
import os
import statistics
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(path):
    values = defaultdict(list)
    jdk = {}
    with open(path, newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) != 4:
                continue
            section, server, metric, value = row
            if section == "meta":
                if metric == "jdk":
                    jdk[server] = value
                continue
            try:
                values[(section, server, metric)].append(float(value))
            except ValueError:
                pass
    medians = {key: statistics.median(v) for key, v in values.items() if v}
    return medians, jdk


def servers_of(medians, section, metric_prefix=""):
    seen = []
    for (s, server, metric) in medians:
        if s == section and metric.startswith(metric_prefix) and server not in seen:
            seen.append(server)
    return seen


def label(server, jdk):
    name = server[len("echo-"):] if server.startswith("echo-") else server
    name = name[len("resp-"):] if name.startswith("resp-") else name
    version = jdk.get(server, "")
    if version and version != "-":
        return "%s\nJDK %s" % (name, version.split(".")[0])
    return name


def jdks_in(servers, jdk):
    versions = sorted({jdk[s].split(".")[0] for s in servers if jdk.get(s, "-") != "-"})
    return "JDK " + " and ".join(versions) if versions else "no JVM"


def grouped_bars(ax, groups, servers, value, jdk, ylabel, fmt="%.0f"):
    """One group of bars per entry of groups (name, key), one bar per server in each group."""
    width = 0.8 / max(len(servers), 1)
    for i, server in enumerate(servers):
        xs, ys = [], []
        for g, (_, key) in enumerate(groups):
            v = value(server, key)
            if v is not None:
                xs.append(g + (i - (len(servers) - 1) / 2) * width)
                ys.append(v)
        bars = ax.bar(xs, ys, width, label=label(server, jdk).replace("\n", ", "))
        ax.bar_label(bars, fmt=fmt, fontsize=7, padding=2)
    ax.set_xticks(range(len(groups)), [name for name, _ in groups])
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=7)


def save(fig, out, name):
    fig.tight_layout()
    path = os.path.join(out, name)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print("chart: " + path, file=sys.stderr)


def idle_charts(medians, jdk, out):
    section = "request-idle"
    counts = sorted({int(m.split("-")[1]) for (s, _, m) in medians if s == section and m.startswith("idle-")})
    servers = servers_of(medians, section)
    if not counts or not servers:
        return
    groups = [("%d connections" % n, n) for n in counts]
    for metric, ylabel, title, name in (
        ("heap-per", "heap per connection after a full GC (bytes)",
         "Heap per connection, idle after one request each", "idle-heap-per-connection.png"),
        ("rss", "server RSS (MiB)", "Server RSS with connections idle after one request each", "idle-rss.png"),
        ("threads", "server threads (/proc/PID/status)",
         "Server threads with connections idle after one request each", "idle-threads.png"),
    ):
        fig, ax = plt.subplots(figsize=(9, 5))
        grouped_bars(ax, groups, servers, lambda s, n: medians.get((section, s, "idle-%d-%s" % (n, metric))),
                     jdk, ylabel)
        ax.set_title("%s\nwaiter (request and connection model) vs Netty, %s" % (title, jdks_in(servers, jdk)),
                     fontsize=10)
        save(fig, out, name)


def echo_charts(medians, jdk, out):
    for section, name, what in (("echo", "echo-requests.png", "waiter vs bare loop vs Netty"),
                                ("request-echo", "request-model-echo-requests.png",
                                 "waiter's request and connection models vs Netty")):
        servers = [s for s in servers_of(medians, section, "echo-")
                   if (section, s, "echo-100") in medians or (section, s, "echo-10000") in medians]
        if not servers:
            continue
        groups = [("100 clients", 100), ("10,000 clients", 10000)]
        fig, ax = plt.subplots(figsize=(9, 5))
        grouped_bars(ax, groups, servers, lambda s, n: medians.get((section, s, "echo-%d" % n)), jdk, "requests/s")
        ax.set_title("Line echo on persistent connections (LoadClient, closed loop)\n%s, %s"
                     % (what, jdks_in(servers, jdk)), fontsize=10)
        save(fig, out, name)


def resp_chart(medians, jdk, out):
    servers = servers_of(medians, "resp")
    if not servers:
        return
    tests = ["PING_INLINE", "PING_MBULK", "SET", "GET"]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    for ax, pipeline in zip(axes, ("p1", "p16")):
        groups = [(t, t) for t in tests]
        grouped_bars(ax, groups, servers, lambda s, t: medians.get(("resp", s, "resp-%s-%s" % (pipeline, t))),
                     jdk, "requests/s")
        ax.set_title("redis-benchmark -c 50 -P %s" % pipeline[1:])
    fig.suptitle("Redis protocol: waiter's RESP example vs redis-server vs Netty (%s for the JVM servers)"
                 % jdks_in(servers, jdk))
    save(fig, out, "resp-requests.png")


def hundred_k_chart(medians, jdk, out):
    section = "hundred-k"
    servers = servers_of(medians, section)
    if not servers:
        return
    connections = max((v for (s, _, m), v in medians.items() if s == section and m == "hk-served"), default=0)
    panels = (("hk-connect", "connect all (ms)"), ("hk-heap", "heap after full GC, all instances (MiB)"),
              ("hk-rss", "RSS, all instances (MiB)"), ("hk-echo", "echo round over all (ms)"))
    fig, axes = plt.subplots(1, len(panels), figsize=(15, 5))
    for ax, (metric, ylabel) in zip(axes, panels):
        ys = [medians.get((section, s, metric), 0) for s in servers]
        bars = ax.bar(range(len(servers)), ys, color=["C%d" % i for i in range(len(servers))])
        ax.bar_label(bars, fmt="%.0f", fontsize=8, padding=2)
        ax.set_xticks(range(len(servers)), [label(s, jdk) for s in servers], fontsize=8)
        ax.set_ylabel(ylabel)
    echoed = ", ".join("%s %d" % (label(s, jdk).split("\n")[0], medians.get((section, s, "hk-echoed"), 0))
                       for s in servers)
    fig.suptitle("%d idle connections over six server processes sharing one port: waiter vs Netty, %s\n"
                 "replies in the echo round: %s" % (connections, jdks_in(servers, jdk), echoed), fontsize=10)
    save(fig, out, "hundred-k.png")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    medians, jdk = load(sys.argv[1])
    os.makedirs(sys.argv[2], exist_ok=True)
    idle_charts(medians, jdk, sys.argv[2])
    echo_charts(medians, jdk, sys.argv[2])
    resp_chart(medians, jdk, sys.argv[2])
    hundred_k_chart(medians, jdk, sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
