#!/usr/bin/python3
"""Plots of wakesim results, to PNG and SVG (Debian's python3-matplotlib and python3-pandas).

  scripts/plot.py pareto SWEEP_DIR [--color AXIS] [--include-unsafe] [--out PREFIX]
      total energy against the worst client's p99 latency, one point per
      finished sweep point (results.csv, read with pandas), titled with the
      sweep's name (sweep.json). Points are coloured by an axis (--color: its
      full key or its last dotted component; default the first axis), the
      legend naming each value ("policy: async"), in numeric order when the
      axis is numeric (a `<key>_s`, `_B`, `_Hz` or `_W` column, a numeric
      `<key>`, or durations with units), else in the sweep's order. The Pareto front (pareto == 1) is a
      black staircase. When results.csv has a `safe` column, unsafe points
      (safe == 0) are grey 'x' marks labelled "unsafe" and the front is the
      pareto column's, over safe points only; --include-unsafe draws them as
      red 'x' marks and recomputes the front over every finished point.
  scripts/plot.py cdf RUN_DIR [RUN_DIR ...] [--label TEXT ...] [--out PREFIX]
      the latency CDF of every client of every run (report.json's latency_cdf).
      A sweep point's directory (SWEEP_DIR/points/ID) is labelled by its axis
      values from SWEEP_DIR/sweep.json ("policy=async, autosuspend_delay=5ms",
      keys shortened to their last dotted component unless that is ambiguous);
      any other run directory by its name, client and policy
      ("sync: audio (sync)"). --label, once per RUN_DIR in order, replaces a
      run's label (": client" is added when a run has several clients).
  scripts/plot.py timeline RUN_DIR [--range START:END] [--out PREFIX]
      the power states of one run traced with `wakesim run --trace`: a row per
      track of trace.json, each state a colour (legend of states). A slice
      whose state is "off", or whose power counter reads 0 W, is not drawn:
      absence of power is a gap (a track whose counter is 0 W throughout has no
      power model and keeps its states drawn). --range limits the time axis to
      START:END, two durations with units s, ms, us or ns (0ms:50ms, 2s:2.1s);
      the x axis is in the most readable unit of the span shown.

  scripts/plot.py compare COMPARE_DIR [--out PREFIX]
      a `wakesim compare --out COMPARE_DIR` as two panels: each policy's total
      energy (the recommended one in green, unsafe ones grey, hatched and
      labelled "unsafe", failed runs left out) and its worst p99 latency next to
      its caller-blocked p99; titled with the scenario and the verdict's first
      line. Reads compare.csv and compare.json.

  scripts/plot.py iotlb SWEEP_DIR [--out PREFIX]
      a pcie-bench-style IOTLB sweep (scenarios/pciebench_iotlb_sweep.yaml,
      docs/pciebench.md): the throughput ratio IOMMU / no IOMMU against the
      window, one curve per map_page_size, with a dashed line at each page
      size's TLB reach (entries x page size, the knee; the entries read from a
      point's report.json). The sweep's axes are found by their last
      component: `window`, `map_page_size` and `channel`, whose value 1 is
      the path without an IOMMU; the throughput is the results.csv column
      ending in `throughput.bytes_per_second`.

Each writes PREFIX.png and PREFIX.svg (default: the plot's name in the first
directory given) and prints their paths. SVG text is kept as text (searchable).

Exit status: 0 plotted; 2 a missing input (no trace.json, report.json,
results.csv or sweep.json, with the wakesim command that makes it), a bad
option (a malformed --range, one outside the trace, --label count, an unknown
--color axis); 1 any other error (unreadable input, nothing to plot).
"""
import argparse
import json
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG


class Refusal(Exception):
    """A missing input or a bad option: a one-line message and exit status 2."""


def save(figure, prefix):
    paths = []
    for extension in ("png", "svg"):
        path = f"{prefix}.{extension}"
        figure.savefig(path, dpi=120, bbox_inches="tight")
        paths.append(path)
    plt.close(figure)
    for path in paths:
        print(path)


def in_dir(directory, name):
    """DIR/name as the user would write it (no doubled or dropped slash)."""
    return f"{directory.rstrip('/')}/{name}" if directory else name


def require(directory, name, missing, command):
    path = in_dir(directory, name)
    if not os.path.isfile(path):
        raise Refusal(f"{path}: {missing}; run {command}")
    return path


def load_json(path):
    with open(path) as handle:
        return json.load(handle)


# ---------------------------------------------------------------- durations

UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}
DURATION = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([-+]?[0-9]+))?\s*(s|ms|us|µs|ns)?\s*$")


def parse_duration(text):
    """Seconds in a duration with a unit ("50ms", "2.1s"); a bare 0 is allowed."""
    match = DURATION.match(text)
    if not match:
        raise ValueError(text)
    value = float(match.group(1) + (f"e{match.group(2)}" if match.group(2) else ""))
    unit = match.group(3)
    if unit is None:
        if value != 0:
            raise ValueError(text)
        return 0.0
    return value * UNITS[unit]


def parse_range(text):
    message = (f"--range {text}: expected START:END, two durations with units s, ms, us or ns "
               f"and START before END (e.g. 0ms:50ms)")
    parts = text.split(":")
    if len(parts) != 2:
        raise Refusal(message)
    try:
        start, end = parse_duration(parts[0]), parse_duration(parts[1])
    except ValueError:
        raise Refusal(message) from None
    if not end > start:
        raise Refusal(message)
    return start, end


def readable_unit(span_s):
    """The unit (name, seconds) in which a span of span_s reads best."""
    for name, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if span_s >= scale:
            return name, scale
    return "ns", 1e-9


def show_duration(seconds):
    name, scale = readable_unit(abs(seconds)) if seconds else ("s", 1.0)
    return f"{seconds / scale:g}{name}"


# ------------------------------------------------------------------- sweeps

def short_keys(keys):
    """Each key shortened to its last dotted component, or as many trailing
    components as make it unique among keys."""
    result = {}
    for key in keys:
        parts = key.split(".")
        for n in range(1, len(parts) + 1):
            candidate = ".".join(parts[-n:])
            if all(other == key or not (other == candidate or other.endswith("." + candidate)) for other in keys):
                break
        result[key] = candidate
    return result


def sweep_of_point(run_dir):
    """(sweep.json, point) when run_dir is SWEEP/points/ID of a sweep that lists ID, else None."""
    path = os.path.normpath(os.path.abspath(run_dir))
    parent = os.path.dirname(path)
    if os.path.basename(parent) != "points":
        return None
    sweep_json = os.path.join(os.path.dirname(parent), "sweep.json")
    if not os.path.isfile(sweep_json):
        return None
    sweep = load_json(sweep_json)
    point_id = os.path.basename(path)
    for point in sweep.get("points", []):
        if point.get("id") == point_id:
            return sweep, point
    return None


def point_label(sweep, point):
    axes = sweep.get("axes") or list(point.get("values", {}))
    names = short_keys(axes)
    values = point.get("values", {})
    return ", ".join(f"{names[key]}={values.get(key, '?')}" for key in axes)


# ------------------------------------------------------------------- pareto

NUMERIC_SUFFIXES = ("_s", "_B", "_Hz", "_W")


def read_results(sweep_dir):
    import pandas as pd

    command = f"wakesim sweep ... --out {sweep_dir}"
    results_path = require(sweep_dir, "results.csv", "no results", command)
    sweep_path = require(sweep_dir, "sweep.json", "no sweep description", command)
    sweep = load_json(sweep_path)
    frame = pd.read_csv(results_path, dtype={"id": str, "status": str, "error": str}, keep_default_na=True,
                        low_memory=False)
    for column in ("status", "energy_J", "worst_p99_us"):
        if column not in frame.columns:
            raise ValueError(f"{results_path}: no column {column}")
    frame["energy_J"] = pd.to_numeric(frame["energy_J"], errors="coerce")
    frame["worst_p99_us"] = pd.to_numeric(frame["worst_p99_us"], errors="coerce")
    finished = frame[(frame["status"] == "ok") & frame["energy_J"].notna() & frame["worst_p99_us"].notna()].copy()
    return finished, sweep


def colour_axis(requested, axes, results_path):
    if not requested:
        return axes[0] if axes else None
    if requested in axes:
        return requested
    matches = [a for a in axes if a.endswith("." + requested)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(short_keys(axes).values()) or "none"
    raise Refusal(f"--color {requested}: not an axis of the sweep in {results_path} (its axes: {known})")


def group_order(frame, axis, labels, sweep):
    """The colour axis's values in legend order: numeric when a numeric column
    says so, else in the order the sweep lists them."""
    import pandas as pd

    numeric = None
    for column in [axis + s for s in NUMERIC_SUFFIXES] + [axis]:
        if column in frame.columns:
            values = pd.to_numeric(frame[column], errors="coerce")
            if values.notna().all() and len(values):
                numeric = values
                break
    first_seen = {}
    listed = [str(p.get("values", {}).get(axis)) for p in sweep.get("points", []) if axis in p.get("values", {})]
    for position, value in enumerate(listed + list(labels)):
        first_seen.setdefault(value, position)
    if numeric is None:  # durations written with units ("5ms") in a results.csv without `<key>_s`
        try:
            numeric = pd.Series([parse_duration(v) for v in labels], dtype=float)
        except ValueError:
            numeric = None
    if numeric is not None:
        key_of = {}
        for value, number in zip(labels, numeric):
            key_of.setdefault(value, number)
        present = [v for v in first_seen if v in key_of]
        return sorted(present, key=lambda v: (key_of[v], first_seen[v])), True
    return sorted(set(labels), key=lambda v: first_seen[v]), False


def pareto_front(points):
    """The points (x, y) no other point beats in both, by x then y."""
    front = []
    for x, y in sorted(points):
        if not front or y < front[-1][1]:
            front.append((x, y))
    return front


def plot_pareto(args):
    sweep_dir = args.dirs[0]
    if len(args.dirs) != 1:
        raise Refusal("pareto takes one sweep directory")
    frame, sweep = read_results(sweep_dir)
    results_path = in_dir(sweep_dir, "results.csv")
    if frame.empty:
        sys.exit(f"plot.py: {results_path} has no finished points")
    axes = sweep.get("axes", [])
    axis = colour_axis(args.color, axes, results_path)
    name = sweep.get("name") or os.path.basename(os.path.normpath(sweep_dir))

    # The colour axis's value of each row: sweep.json's string for its id (the
    # value as written), else the CSV's own column.
    values_by_id = {str(p.get("id")): p.get("values", {}) for p in sweep.get("points", [])}
    if axis:
        labels = [values_by_id.get(str(i), {}).get(axis) for i in frame.get("id", [None] * len(frame))]
        if axis in frame.columns:
            labels = [lab if lab is not None else str(v) for lab, v in zip(labels, frame[axis])]
        labels = ["?" if lab is None else str(lab) for lab in labels]
    else:
        labels = [""] * len(frame)
    frame["_group"] = labels
    frame["_x"] = frame["worst_p99_us"].astype(float)
    frame["_y"] = frame["energy_J"].astype(float) * 1e3

    if "safe" in frame.columns:
        import pandas as pd
        safe = pd.to_numeric(frame["safe"], errors="coerce")
        unsafe_mask = safe == 0
    else:
        unsafe_mask = frame["_x"] != frame["_x"]  # all False
    safe_rows, unsafe_rows = frame[~unsafe_mask], frame[unsafe_mask]

    figure, ax = plt.subplots(figsize=(8, 5.5))
    order, numeric = group_order(frame, axis, labels, sweep) if axis else ([""], False)
    short = short_keys(axes).get(axis, axis) if axis else None
    if numeric and len(order) > 10:
        cmap = plt.get_cmap("viridis")
        colours = {v: cmap(i / max(1, len(order) - 1)) for i, v in enumerate(order)}
    else:
        cmap = plt.get_cmap("tab10" if len(order) <= 10 else "tab20")
        colours = {v: cmap(i % cmap.N) for i, v in enumerate(order)}
    for value in order:
        members = safe_rows[safe_rows["_group"] == value]
        if members.empty:
            continue
        ax.scatter(members["_x"], members["_y"], s=18, alpha=0.85, color=colours[value],
                   label=f"{short}: {value}" if axis else None)
    if not unsafe_rows.empty:
        ax.scatter(unsafe_rows["_x"], unsafe_rows["_y"], marker="x", s=26, linewidths=1.2,
                   color="red" if args.include_unsafe else "0.6", label="unsafe", zorder=3)

    if args.include_unsafe:
        front = pareto_front(list(zip(frame["_x"], frame["_y"])))
        front_label = "Pareto front (unsafe included)"
    else:
        marked = frame[(~unsafe_mask) & (frame["pareto"].astype(str).isin(["1", "1.0", "True"]))] \
            if "pareto" in frame.columns else frame.iloc[0:0]
        front = sorted(zip(marked["_x"], marked["_y"]))
        front_label = "Pareto front" + (" (safe points)" if "safe" in frame.columns else "")
    if front:
        ax.step([p for p, _ in front], [e for _, e in front], where="post", color="black", linewidth=1.2,
                label=front_label, zorder=2)
    ax.set_xlabel("worst client p99 latency (us)")
    ax.set_ylabel("total energy (mJ)")
    ax.set_title(name)
    ax.grid(True, alpha=0.3)
    handles, _ = ax.get_legend_handles_labels()
    columns = 1 if len(handles) <= 16 else 2
    ax.legend(fontsize=8, ncol=columns, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    save(figure, args.out or os.path.join(sweep_dir, "pareto"))


# ---------------------------------------------------------------------- cdf

def plot_cdf(args):
    if args.label and len(args.label) != len(args.dirs):
        raise Refusal(f"--label given {len(args.label)} times for {len(args.dirs)} run directories: "
                      f"give one per RUN_DIR, in order")
    runs = []
    for run_dir in args.dirs:
        path = require(run_dir, "report.json", "no report", f"wakesim run ... --out {run_dir}")
        runs.append((run_dir, load_json(path)))
    figure, ax = plt.subplots(figsize=(8, 5.5))
    curves = 0
    for position, (run_dir, report) in enumerate(runs):
        clients = {name: c for name, c in report["metrics"]["clients"].items() if c.get("latency_cdf")}
        if args.label:
            base, plain = args.label[position], False
        else:
            located = sweep_of_point(run_dir)
            if located:
                base, plain = point_label(*located), False
            else:
                base, plain = os.path.basename(os.path.normpath(run_dir)), True
        for name, client in clients.items():
            points = client["latency_cdf"]
            xs = [0.0] + [p[0] for p in points]
            ys = [0.0] + [p[1] for p in points]
            if plain:
                label = f"{base}: {name} ({client.get('policy', '?')})"
            else:
                label = base if len(clients) == 1 else f"{base}: {name}"
            ax.step(xs, ys, where="post", label=label)
            curves += 1
    if curves == 0:
        sys.exit("plot.py: no client latencies in the runs given")
    lows = [c.get_xdata()[1] for c in ax.get_lines()]
    highs = [c.get_xdata()[-1] for c in ax.get_lines()]
    if min(lows) > 0 and max(highs) / min(lows) > 10:
        ax.set_xscale("log")  # spans more than a decade
    ax.set_xlabel("latency, request to completion interrupt (us)")
    ax.set_ylabel("fraction of jobs")
    ax.set_ylim(0, 1.02)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    save(figure, args.out or os.path.join(args.dirs[0], "latency_cdf"))


# ----------------------------------------------------------------- timeline

# wakesim's state and phase names (genpd, runtime PM, DMA jobs), in legend order.
# Each its index in matplotlib's tab20 palette.
KNOWN_STATES = {"on": 0, "active": 4, "resuming": 5, "suspending": 3, "suspended": 14,
                "job": 15, "queue": 16, "pm_wait": 6, "prepare": 8, "dma": 18}


def counter_at(changes, t):
    """The value of a counter (sorted [(ts, value)]) at time t, None before its first change."""
    value = None
    low, high = 0, len(changes)
    while low < high:
        mid = (low + high) // 2
        if changes[mid][0] <= t:
            low = mid + 1
        else:
            high = mid
    if low:
        value = changes[low - 1][1]
    return value


def plot_timeline(args):
    run_dir = args.dirs[0]
    if len(args.dirs) != 1:
        raise Refusal("timeline takes one run directory")
    window = parse_range(args.range) if args.range else None
    path = require(run_dir, "trace.json", "no trace", f"wakesim run ... --out {run_dir} --trace")
    trace = load_json(path)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    names = {}
    for e in events:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            names[(e.get("pid"), e.get("tid"))] = e["args"]["name"]
    tracks, counters = {}, {}
    for e in events:
        if e.get("ph") == "X":
            tracks.setdefault((e.get("pid"), e.get("tid")), []).append(e)
        elif e.get("ph") == "C" and isinstance(e.get("args"), dict) and "W" in e["args"]:
            counters.setdefault((e.get("pid"), e.get("name")), []).append((float(e["ts"]), float(e["args"]["W"])))
    if not tracks:
        sys.exit(f"plot.py: {path} has no slices")
    for changes in counters.values():
        changes.sort(key=lambda c: c[0])

    # The trace's extent in seconds: its window when it records one, else its slices.
    other = trace.get("otherData", {}) if isinstance(trace, dict) else {}
    slices = [e for k in tracks for e in tracks[k]]
    first = min(float(e["ts"]) for e in slices) / 1e6
    last = max(float(e["ts"]) + float(e.get("dur", 0)) for e in slices) / 1e6
    try:
        first = float(other["window_start_us"]) / 1e6
        last = float(other["window_end_us"]) / 1e6
    except (KeyError, TypeError, ValueError):
        pass
    if window:
        start, end = window
        if start >= last or end <= first:
            raise Refusal(f"--range {args.range}: outside the trace, which spans "
                          f"{show_duration(first)}:{show_duration(last)}")
        start, end = max(start, first), min(end, last)
    else:
        start, end = first, last
    unit, scale = readable_unit(end - start)

    def unpowered(key, e):
        if e["name"] == "off":
            return True
        changes = counters.get((key[0], names.get(key)))
        if not changes or all(value == 0 for _, value in changes):
            return False  # no power model for this track: its states are all there is
        middle = float(e["ts"]) + float(e.get("dur", 0)) / 2
        return counter_at(changes, middle) == 0

    keys = sorted(tracks, key=lambda k: (str(k[0]), str(k[1])))
    drawn = {}
    hidden = 0
    for key in keys:
        spans = []
        for e in tracks[key]:
            begin = float(e["ts"]) / 1e6
            length = float(e.get("dur", 0)) / 1e6
            if begin + length < start or begin > end:
                continue
            if unpowered(key, e):
                hidden += 1
                continue
            spans.append(e)
        drawn[key] = spans
    states = []
    for key in keys:
        for e in drawn[key]:
            if e["name"] not in states:
                states.append(e["name"])
    # The same state is the same colour in every timeline; unknown states follow.
    states = [s for s in KNOWN_STATES if s in states] + [s for s in states if s not in KNOWN_STATES]
    palette = plt.get_cmap("tab20")
    spare = [i for i in range(20) if i not in KNOWN_STATES.values()]
    unknown = [s for s in states if s not in KNOWN_STATES]
    colour = {s: palette(KNOWN_STATES[s]) for s in states if s in KNOWN_STATES}
    colour.update({s: palette(spare[i % len(spare)]) for i, s in enumerate(unknown)})

    figure, ax = plt.subplots(figsize=(10, 0.45 * len(keys) + 1.5))
    minimum = (end - start) / scale * 1e-4  # a zero-length slice still shows as a hairline
    for row, key in enumerate(keys):
        # Longest first so nested slices (a job and its phases) stay visible on top.
        spans = sorted(drawn[key], key=lambda e: -float(e.get("dur", 0)))
        if not spans:
            continue
        bars = [(float(e["ts"]) / 1e6 / scale, max(float(e.get("dur", 0)) / 1e6 / scale, minimum)) for e in spans]
        ax.broken_barh(bars, (row - 0.4, 0.8), facecolors=[colour[e["name"]] for e in spans])
    ax.set_yticks(range(len(keys)))
    ax.set_yticklabels([names.get(k, f"{k[0]}/{k[1]}") for k in keys], fontsize=8)
    ax.set_ylim(len(keys) - 0.5, -0.5)
    ax.set_xlim(start / scale, end / scale)
    ax.set_xlabel(f"time ({unit})")
    handles = [Patch(facecolor=colour[s], label=s) for s in states[:20]]
    if hidden:
        handles.append(Patch(facecolor="white", edgecolor="0.6", label="off / 0 W (not drawn)"))
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), title="state",
              title_fontsize=8)
    ax.grid(True, axis="x", alpha=0.3)
    ax.set_title(f"{os.path.basename(os.path.normpath(run_dir))}: {show_duration(start)} to {show_duration(end)}",
                 fontsize=9)
    save(figure, args.out or os.path.join(run_dir, "timeline"))


def plot_compare(args):
    import pandas

    directory = args.dirs[0]
    command = f"wakesim compare SCENARIO --out {directory}"
    table = pandas.read_csv(require(directory, "compare.csv", "no comparison", command))
    summary = load_json(require(directory, "compare.json", "no comparison", command))
    table = table[table["status"] != "FAILED"]
    if table.empty:
        raise Refusal(f"{in_dir(directory, 'compare.csv')}: no policy ran")
    policies = list(table["policy"])
    positions = range(len(policies))
    recommended = summary.get("recommended")
    colours = ["tab:green" if p == recommended else ("lightgrey" if s != 1 else "tab:blue")
               for p, s in zip(policies, table["safe"])]
    figure, (energy_axes, latency_axes) = plt.subplots(1, 2, figsize=(11, 4.2))
    bars = energy_axes.bar(positions, table["energy_J"] * 1e3, color=colours, edgecolor="black")
    for bar, safe in zip(bars, table["safe"]):
        if safe != 1:
            bar.set_hatch("//")
            energy_axes.annotate("unsafe", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                                 ha="center", va="bottom", fontsize=8, color="tab:red")
    energy_axes.set_xticks(list(positions), policies)
    energy_axes.set_ylabel("total energy (mJ; the axis does not start at 0)")
    low = (table["energy_J"] * 1e3).min()
    high = (table["energy_J"] * 1e3).max()
    energy_axes.set_ylim(max(0.0, low - (high - low) * 1.5 - 1e-9), high + (high - low) * 0.3 + 1e-9)
    width = 0.4
    latency_axes.bar([x - width / 2 for x in positions], table["p99_us"], width, label="p99 latency")
    latency_axes.bar([x + width / 2 for x in positions], table["caller_blocked_p99_us"], width,
                     label="caller blocked p99")
    latency_axes.set_xticks(list(positions), policies)
    latency_axes.set_ylabel("us (worst client)")
    latency_axes.legend(fontsize=8)
    verdict = summary.get("verdict") or [""]
    figure.suptitle(f"{os.path.basename(summary.get('scenario', ''))}: {verdict[0]}", fontsize=9)
    save(figure, args.out or os.path.join(directory, "compare"))


def size_bytes(text):
    """A size with its unit ("4KiB", "64MiB", "512B") in bytes."""
    match = re.match(r"^\s*([0-9]+(?:\.[0-9]*)?)\s*(B|KiB|MiB|GiB|kB|KB|MB|GB)\s*$", str(text))
    if not match:
        raise ValueError(f"not a size: {text}")
    scale = {"B": 1, "KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3, "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9}
    return float(match.group(1)) * scale[match.group(2)]


def show_size(size):
    for unit, scale in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size:g} B"


def tlb_entries(sweep_dir, point_ids):
    """The IOMMU TLB's entries from a finished point's report.json (its configuration)."""
    for point in point_ids:
        path = os.path.join(sweep_dir, "points", str(point), "report.json")
        if os.path.isfile(path):
            iommus = load_json(path)["configuration"]["platform"]["platform"].get("iommus", {})
            for iommu in iommus.values():
                return int(iommu.get("tlb", {}).get("entries", 64))
    return None


def plot_iotlb(args):
    sweep_dir = args.dirs[0]
    if len(args.dirs) != 1:
        raise Refusal("iotlb takes one sweep directory")
    frame, sweep = read_results(sweep_dir)
    axes = [a for a in sweep.get("axes", [])] or [c for c in frame.columns if c.startswith("scenario.")]

    def axis(name):
        matches = [a for a in axes if a == name or a.endswith("." + name)]
        if len(matches) != 1:
            raise Refusal(f"{in_dir(sweep_dir, 'sweep.json')}: no single `{name}` axis (axes: {', '.join(axes)})")
        return matches[0]

    window, page, channel = axis("window"), axis("map_page_size"), axis("channel")
    throughput = [c for c in frame.columns if c.endswith("throughput.bytes_per_second")]
    if len(throughput) != 1:
        raise Refusal(f"{in_dir(sweep_dir, 'results.csv')}: no single throughput.bytes_per_second column")
    frame["window_B"] = [size_bytes(v) for v in frame[window]]
    frame["page_B"] = [size_bytes(v) for v in frame[page]]
    frame["bypass"] = [str(v) == "1" for v in frame[channel]]
    frame["throughput"] = frame[throughput[0]].astype(float)
    entries = tlb_entries(sweep_dir, list(frame["id"]))
    figure, ax = plt.subplots(figsize=(7, 4.2))
    plotted = False
    for number, (page_size, group) in enumerate(sorted(frame.groupby("page_B"), key=lambda g: g[0])):
        through = group[~group["bypass"]].set_index("window_B")["throughput"]
        around = group[group["bypass"]].set_index("window_B")["throughput"]
        windows = sorted(set(through.index) & set(around.index))
        if not windows:
            continue
        ratios = [through[w] / around[w] for w in windows]
        colour = f"C{number}"
        ax.plot(windows, ratios, marker="o", color=colour, label=f"{show_size(page_size)} pages")
        plotted = True
        if entries:
            reach = entries * page_size
            if min(windows) <= reach <= max(windows):
                ax.axvline(reach, color=colour, linestyle="--", linewidth=1)
                ax.annotate(f"{entries} x {show_size(page_size)}", (reach, 0.45), color=colour, fontsize=8,
                            xytext=(3, 0), textcoords="offset points", xycoords=("data", "axes fraction"))
            else:
                ax.annotate(f"reach {entries} x {show_size(page_size)} = {show_size(reach)}: off the axis",
                            (0.98, 0.32 - 0.06 * number), xycoords="axes fraction", ha="right", va="top",
                            color=colour, fontsize=8)
    if not plotted:
        raise Refusal(f"{in_dir(sweep_dir, 'results.csv')}: no window with both an IOMMU and a bypass point")
    ax.set_xscale("log", base=2)
    ticks = sorted(set(frame["window_B"]))
    ax.set_xticks(ticks, [show_size(t).replace(" ", "") for t in ticks], rotation=45, fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_xlabel("window (random 64 B reads within it)")
    ax.set_ylabel("throughput, IOMMU / no IOMMU")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(f"{sweep.get('name', os.path.basename(os.path.normpath(sweep_dir)))}: the IOTLB knee", fontsize=9)
    save(figure, args.out or os.path.join(sweep_dir, "iotlb"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plot", choices=["pareto", "cdf", "timeline", "compare", "iotlb"])
    parser.add_argument("dirs", nargs="+", help="a sweep directory (pareto, iotlb) or run directories")
    parser.add_argument("--out", help="output path without extension")
    parser.add_argument("--color", help="pareto: the axis that colours the points (full key or last component)")
    parser.add_argument("--include-unsafe", action="store_true",
                        help="pareto: draw unsafe points in red and take them into the front")
    parser.add_argument("--label", action="append", help="cdf: a run's legend label, once per RUN_DIR in order")
    parser.add_argument("--range", help="timeline: START:END with units, e.g. 0ms:50ms")
    args = parser.parse_args()
    misplaced = [option for option, value, plot in (("--color", args.color, "pareto"),
                                                    ("--include-unsafe", args.include_unsafe, "pareto"),
                                                    ("--label", args.label, "cdf"),
                                                    ("--range", args.range, "timeline"))
                 if value and plot != args.plot]
    try:
        if misplaced:
            raise Refusal(f"{misplaced[0]} is not an option of {args.plot}")
        {"pareto": plot_pareto, "cdf": plot_cdf, "timeline": plot_timeline,
         "compare": plot_compare, "iotlb": plot_iotlb}[args.plot](args)
    except Refusal as refusal:
        print(f"plot.py: {refusal}", file=sys.stderr)
        sys.exit(2)
    except (OSError, KeyError, ValueError, TypeError, json.JSONDecodeError) as error:
        sys.exit(f"plot.py: {error}")


if __name__ == "__main__":
    main()
