#!/usr/bin/python3
"""Plots of wakesim results, to PNG and SVG (matplotlib, Debian's python3-matplotlib).

  scripts/plot.py pareto SWEEP_DIR [--color AXIS] [--out PREFIX]
      total energy against the worst client's p99 latency, one point per sweep
      point (results.csv), coloured by an axis (default: the first), with the
      Pareto front (pareto == 1) drawn as a staircase.
  scripts/plot.py cdf RUN_DIR [RUN_DIR ...] [--out PREFIX]
      the latency CDF of every client of every run (report.json's latency_cdf),
      labelled run: client (policy).
  scripts/plot.py timeline RUN_DIR [--out PREFIX]
      the power states of one run traced with `wakesim run --trace`: a row per
      track of trace.json, its slices coloured by state.

Each writes PREFIX.png and PREFIX.svg (default: the plot's name in the first
directory given) and prints their paths.
"""
import argparse
import csv
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def save(figure, prefix):
    paths = []
    for extension in ("png", "svg"):
        path = f"{prefix}.{extension}"
        figure.savefig(path, dpi=120, bbox_inches="tight")
        paths.append(path)
    plt.close(figure)
    for path in paths:
        print(path)


def read_results(sweep_dir):
    path = os.path.join(sweep_dir, "results.csv")
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(os.path.join(sweep_dir, "sweep.json")) as handle:
        axes = json.load(handle)["axes"]
    return [r for r in rows if r["status"] == "ok" and r["energy_J"] and r["worst_p99_us"]], axes


def plot_pareto(args):
    rows, axes = read_results(args.dirs[0])
    if not rows:
        sys.exit(f"plot.py: {args.dirs[0]}/results.csv has no finished points")
    axis = args.color or (axes[0] if axes else None)
    figure, ax = plt.subplots(figsize=(8, 5.5))
    groups = {}
    for row in rows:
        groups.setdefault(row.get(axis, "") if axis else "", []).append(row)
    for label, members in groups.items():
        ax.scatter([float(r["worst_p99_us"]) for r in members], [float(r["energy_J"]) * 1e3 for r in members],
                   s=18, alpha=0.8, label=label or None)
    front = sorted((float(r["worst_p99_us"]), float(r["energy_J"]) * 1e3) for r in rows if r["pareto"] == "1")
    if front:
        ax.step([p for p, _ in front], [e for _, e in front], where="post", color="black", linewidth=1.2,
                label="Pareto front")
    ax.set_xlabel("worst client p99 latency (us)")
    ax.set_ylabel("total energy (mJ)")
    ax.set_title(f"{os.path.basename(os.path.normpath(args.dirs[0]))}: energy vs p99 ({len(rows)} points)")
    ax.grid(True, alpha=0.3)
    ax.legend(title=axis, fontsize=8)
    save(figure, args.out or os.path.join(args.dirs[0], "pareto"))


def plot_cdf(args):
    figure, ax = plt.subplots(figsize=(8, 5.5))
    curves = 0
    for run_dir in args.dirs:
        with open(os.path.join(run_dir, "report.json")) as handle:
            report = json.load(handle)
        for name, client in report["metrics"]["clients"].items():
            points = client.get("latency_cdf", [])
            if not points:
                continue
            xs = [0.0] + [p[0] for p in points]
            ys = [0.0] + [p[1] for p in points]
            label = f"{os.path.basename(os.path.normpath(run_dir))}: {name} ({client['policy']})"
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


def plot_timeline(args):
    path = os.path.join(args.dirs[0], "trace.json")
    with open(path) as handle:
        trace = json.load(handle)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    names = {}
    for e in events:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            names[(e.get("pid"), e.get("tid"))] = e["args"]["name"]
    tracks = {}
    for e in events:
        if e.get("ph") == "X":
            tracks.setdefault((e.get("pid"), e.get("tid")), []).append(e)
    if not tracks:
        sys.exit(f"plot.py: {path} has no slices")
    keys = sorted(tracks, key=lambda k: (str(k[0]), str(k[1])))
    states = sorted({e["name"] for k in keys for e in tracks[k]})
    colours = plt.get_cmap("tab20")
    colour = {s: colours(i % 20) for i, s in enumerate(states)}
    figure, ax = plt.subplots(figsize=(10, 0.45 * len(keys) + 1.5))
    for row, key in enumerate(keys):
        spans = [(e["ts"] / 1e3, max(e.get("dur", 0), 1e-3) / 1e3) for e in tracks[key]]
        ax.broken_barh(spans, (row - 0.4, 0.8), facecolors=[colour[e["name"]] for e in tracks[key]])
    ax.set_yticks(range(len(keys)))
    ax.set_yticklabels([names.get(k, f"{k[0]}/{k[1]}") for k in keys], fontsize=8)
    ax.set_xlabel("time (ms)")
    ax.invert_yaxis()
    handles = [matplotlib.patches.Patch(color=colour[s], label=s) for s in states[:20]]
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(True, axis="x", alpha=0.3)
    save(figure, args.out or os.path.join(args.dirs[0], "timeline"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plot", choices=["pareto", "cdf", "timeline"])
    parser.add_argument("dirs", nargs="+", help="a sweep directory (pareto) or run directories")
    parser.add_argument("--out", help="output path without extension")
    parser.add_argument("--color", help="pareto: the axis that colours the points")
    args = parser.parse_args()
    try:
        {"pareto": plot_pareto, "cdf": plot_cdf, "timeline": plot_timeline}[args.plot](args)
    except (OSError, KeyError, ValueError, json.JSONDecodeError) as error:
        sys.exit(f"plot.py: {error}")


if __name__ == "__main__":
    main()
