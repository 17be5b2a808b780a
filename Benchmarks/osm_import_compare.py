#!/usr/bin/env python3
"""`lifecircle import-osm` against `osmium export` on the same extract, interleaved.

Usage (from the repository root, after `swift build -c release --product lifecircle`; needs
osmium-tool):
    python3 Benchmarks/osm_import_compare.py EXTRACT... [--rounds 5] [--out DIR] [--lifecircle BIN] [--before BIN]

For each extract and each round it runs, one after the other, each as a whole process:
    osmium export EXTRACT -o DIR/osmium.geojson -O --no-progress
    .build/release/lifecircle import-osm EXTRACT --out DIR/import        (all layers written)
(the order alternates between rounds, so neither always runs first; with `--before BIN`, an older
lifecircle binary runs too, as a third tool, e.g. the main branch's, for a before/after in one run;
`--lifecircle BIN` picks the binary measured, by default .build/release/lifecircle or $LIFECIRCLE),
and prints per tool the median
and range of wall seconds, CPU seconds (user + system) and peak memory (the maximum resident set),
and the ratio of the medians. Each run is timed by this script (a monotonic clock around the process,
its CPU time and peak memory from wait4(2)) to the millisecond: GNU time's wall figure has 10 ms
steps, too coarse for a 50 ms import. `osmium export` writes every tagged object as one GeoJSON
feature (ways and areas with their node locations); `import-osm` reads the file in up to three
passes and writes the walk network split at junctions, facilities per category, residents, streets
and a plan. On a shared machine the CPU seconds are the steadier figure: wall seconds include time
spent waiting for a core. It also prints what `lifecircle --help` takes: loading the binary's shared
libraries, a floor no import can go under.

A tiled extract of at least 50 MB: `python3 Benchmarks/osm_tiles.py /tmp/hel-9x9.osm.pbf`.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIFECIRCLE = os.environ.get("LIFECIRCLE", os.path.join(ROOT, ".build", "release", "lifecircle"))


def timed(command):
    """Runs `command`; returns (wall s, user + system s, peak MiB) of that process."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        # wait4(2) reaps the child and gives its own resource use (ru_maxrss in KiB on Linux).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            sys.exit(f"failed ({child.returncode}): {' '.join(command)}\n{stderr.read().decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def summary(values, unit, digits=3):
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("extracts", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default="/tmp/lifecircle-osm-compare")
    parser.add_argument("--lifecircle", default=LIFECIRCLE, help="the lifecircle binary measured")
    parser.add_argument("--before", help="an older lifecircle binary to measure in the same run (e.g. main's)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tools = {
        "osmium export": lambda f: ["osmium", "export", f, "-o", os.path.join(args.out, "osmium.geojson"), "-O", "--no-progress"],
        "lifecircle import-osm": lambda f: [args.lifecircle, "import-osm", f, "--out", os.path.join(args.out, "import")],
    }
    if args.before:
        tools["import-osm (before)"] = lambda f: [args.before, "import-osm", f, "--out", os.path.join(args.out, "import-before")]
    # The floor of any lifecircle command: loading its shared libraries.
    for label, binary in [("", args.lifecircle)] + ([(" (before)", args.before)] if args.before else []):
        start = [timed([binary, "--help"]) for _ in range(args.rounds)]
        print(f"process start, `lifecircle --help`{label}: wall {summary([w for w, _, _ in start], 's')}, CPU {summary([c for _, c, _ in start], 's')}")
    with open("/proc/loadavg") as f:
        print(f"load average before: {' '.join(f.read().split()[:3])} on {os.cpu_count()} cores")
    for extract in args.extracts:
        size = os.path.getsize(extract) / 1e6
        runs = {name: [] for name in tools}
        names = list(tools)
        for r in range(args.rounds):
            for name in (names if r % 2 == 0 else names[::-1]):
                runs[name].append(timed(tools[name](extract)))
        print(f"{os.path.basename(extract)} ({size:.1f} MB), {args.rounds} rounds interleaved:")
        for name in names:
            wall, cpu, mem = zip(*runs[name])
            print(f"  {name:24} wall {summary(wall, 's')}, CPU {summary(cpu, 's')}, peak {summary(mem, 'MiB', 0)}")
        med = {name: [statistics.median(x) for x in zip(*runs[name])] for name in names}
        ours, theirs = med["lifecircle import-osm"], med["osmium export"]
        print(f"  import-osm / osmium export: wall {ours[0] / theirs[0]:.2f}×, CPU {ours[1] / theirs[1]:.2f}×")
        if args.before:
            before = med["import-osm (before)"]
            print(f"  import-osm (before) / osmium export: wall {before[0] / theirs[0]:.2f}×, CPU {before[1] / theirs[1]:.2f}×")
    with open("/proc/loadavg") as f:
        print(f"load average after: {' '.join(f.read().split()[:3])}")


if __name__ == "__main__":
    main()
