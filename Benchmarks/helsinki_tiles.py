#!/usr/bin/env python3
"""Helsinki tiled N×N: LifeCircle `coverage` against a scipy/shapely reference and pandana.

Usage (from the repository root, after `swift build -c release --product lifecircle`):
    python3 Benchmarks/helsinki_tiles.py make OUT [--tiles 10]
    python3 Benchmarks/helsinki_tiles.py run PLAN [--repeat 3] [--pandana-runs 1]
    python3 Benchmarks/helsinki_tiles.py check PLAN

`make` imports ../shared/data/helsinki/helsinki-centre.osm.pbf with
`lifecircle import-osm FILE --out OUT/base --population ../shared/data/helsinki/population-grid-2020.geojson`
and writes OUT/tiles-NxN: every layer of the imported plan copied N×N times, copy (row, column) shifted
by column × the extent's width east and row × its height north (the extent of all the layers, in
degrees), each feature id (and street code) suffixed with `@row-column` so that ids stay unique.
**The tiles are not joined**: lines join only where they share a position exactly, and a shifted copy
shares none with its neighbours, so the network is N² copies of Helsinki's side by side (a resident
near a tile's edge may still snap to the neighbouring copy's street: the reference does the same).
The plan.json is the imported one (with `"name"` and `"title"` marked as tiled).

`run` times, interleaved (LifeCircle, scipy, pandana, then again, `--repeat` times; pandana only in
the first `--pandana-runs` rounds, as it takes minutes; 0 leaves it out), each as its own process
from start to end (reading the GeoJSON included), wall and CPU (user + system) seconds:
    .build/release/lifecircle coverage PLAN                      (all categories, existing facilities)
    python3 Benchmarks/coverage_reference.py scipy PLAN
    python3 Benchmarks/coverage_reference.py pandana PLAN        (no precompute)
checks that the reference's covered demand equals LifeCircle's in every category (a difference
stops the run), and prints the median and range of the seconds and the ratios (on a machine shared
with other work the CPU seconds are the steadier figure).

`check` compares every resident and category: the reference's walk metres and status
(`coverage_reference.py scipy PLAN --residents FILE`) against `lifecircle coverage PLAN --format csv`
(statuses equal; when covered, the reference's minutes rounded as the CSV rounds them, to 2 decimals); it prints the number of differences.
"""
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data", "helsinki")
LIFECIRCLE = os.environ.get("LIFECIRCLE", os.path.join(ROOT, ".build", "release", "lifecircle"))
REFERENCE = os.path.join(ROOT, "Benchmarks", "coverage_reference.py")


def shift_coordinates(c, dx, dy):
    if isinstance(c[0], (int, float)):
        return [c[0] + dx, c[1] + dy] + list(c[2:])
    return [shift_coordinates(x, dx, dy) for x in c]


def shift_geometry(g, dx, dy):
    if g is None:
        return None
    if g["type"] == "GeometryCollection":
        return {**g, "geometries": [shift_geometry(x, dx, dy) for x in g["geometries"]]}
    return {**g, "coordinates": shift_coordinates(g["coordinates"], dx, dy)}


def extent(c, box):
    if isinstance(c[0], (int, float)):
        box[0], box[1] = min(box[0], c[0]), min(box[1], c[1])
        box[2], box[3] = max(box[2], c[0]), max(box[3], c[1])
    else:
        for x in c:
            extent(x, box)


def make(out, tiles):
    base = os.path.join(out, "base")
    os.makedirs(out, exist_ok=True)
    subprocess.run([LIFECIRCLE, "import-osm", os.path.join(DATA, "helsinki-centre.osm.pbf"), "--out", base,
                    "--population", os.path.join(DATA, "population-grid-2020.geojson")], check=True)
    with open(os.path.join(base, "plan.json")) as f:
        plan = json.load(f)
    layers = {}
    for key, value in plan["layers"].items():
        layers[key] = value if isinstance(value, str) else value["path"]
    for c in plan["categories"]:
        if "facilities" in c:
            layers["facilities:" + c["id"]] = c["facilities"] if isinstance(c["facilities"], str) else c["facilities"]["path"]
    docs = {}
    box = [float("inf"), float("inf"), float("-inf"), float("-inf")]
    for key, path in layers.items():
        with open(os.path.join(base, path)) as f:
            docs[key] = json.load(f)
        for feature in docs[key]["features"]:
            g = feature.get("geometry")
            if g is not None and g.get("coordinates"):
                extent(g["coordinates"], box)
    width, height = box[2] - box[0], box[3] - box[1]
    folder = os.path.join(out, f"tiles-{tiles}x{tiles}")
    os.makedirs(folder, exist_ok=True)
    for key, path in layers.items():
        doc = docs[key]
        features = []
        for row in range(tiles):
            for col in range(tiles):
                suffix = f"@{row}-{col}"
                for feature in doc["features"]:
                    f = dict(feature)
                    f["geometry"] = shift_geometry(feature.get("geometry"), col * width, row * height)
                    if f.get("id") is not None:
                        f["id"] = f"{f['id']}{suffix}"
                    props = dict(f.get("properties") or {})
                    for name in ("id", "code"):
                        if props.get(name) is not None:
                            props[name] = f"{props[name]}{suffix}"
                    if key == "streets" and isinstance(props.get("name"), str):
                        props["name"] = f"{props['name']}{suffix}"
                    f["properties"] = props
                    features.append(f)
        tiled = {k: v for k, v in doc.items() if k not in ("features", "bbox")}
        tiled["features"] = features
        with open(os.path.join(folder, path), "w") as f:
            json.dump(tiled, f, separators=(",", ":"), ensure_ascii=False)
    plan["name"] = f"{plan.get('name', 'helsinki')}-{tiles}x{tiles}"
    plan["title"] = f"{plan.get('title', 'Helsinki')} (tiled {tiles}×{tiles})"
    with open(os.path.join(folder, "plan.json"), "w") as f:
        json.dump(plan, f, indent=2, ensure_ascii=False)
    print(f"{folder}: {tiles}×{tiles} copies, shifted {width:.6f}° east and {height:.6f}° north per tile")


def lifecircle_covered(text):
    """Category → covered demand from `lifecircle coverage`'s table."""
    lines = text.splitlines()
    out = {}
    for line in lines[2:]:
        cells = line.split()
        if len(cells) >= 9 and re.fullmatch(r"[0-9,]+", cells[5] or ""):
            out[cells[0]] = int(cells[5].replace(",", ""))
    return out


def reference_covered(text):
    out = {}
    for row in csv.reader(text.splitlines()):
        if len(row) == 6 and row[0] != "category":
            out[row[0]] = int(row[4])
    return out


def timed(command):
    t0 = time.perf_counter()
    before = os.times()
    p = subprocess.run(command, capture_output=True, text=True)
    after = os.times()
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, p.stdout


def run(plan, repeat, pandana_runs):
    tools = [("LifeCircle", [LIFECIRCLE, "coverage", plan]),
             ("scipy reference", [sys.executable, REFERENCE, "scipy", plan])]
    skip_pandana = pandana_runs == 0
    if not skip_pandana:
        tools.append(("pandana (no precompute)", [sys.executable, REFERENCE, "pandana", plan]))
    times = {name: [] for name, _ in tools}
    cpus = {name: [] for name, _ in tools}
    outputs = {}
    for k in range(repeat):
        for name, command in tools:
            if name.startswith("pandana") and k >= pandana_runs:
                continue
            wall, cpu, out = timed(command)
            times[name].append(wall)
            cpus[name].append(cpu)
            outputs[name] = out
            print(f"  run {k + 1}: {name:24s} {wall:7.2f} s wall, {cpu:7.2f} s CPU", flush=True)
    ours = lifecircle_covered(outputs["LifeCircle"])
    ref = reference_covered(outputs["scipy reference"])
    if ours != ref:
        raise SystemExit(f"covered demand differs:\n  LifeCircle {ours}\n  reference  {ref}")
    print(f"covered demand equal in all {len(ours)} categories: {ours}")
    if not skip_pandana:
        print(f"pandana (its own rules: nearest node, no access legs) covers {reference_covered(outputs['pandana (no precompute)'])}")
    print(outputs["scipy reference"].splitlines()[0])
    ours_wall = statistics.median(times["LifeCircle"])
    ours_cpu = statistics.median(cpus["LifeCircle"])
    print(f"\n| tool | runs | wall s, median (range) | CPU s, median (range) | LifeCircle faster: wall, CPU |")
    print("|---|---|---|---|---|")
    for name, _ in tools:
        w, c = statistics.median(times[name]), statistics.median(cpus[name])
        print(f"| {name} | {len(times[name])} | {w:.2f} ({min(times[name]):.2f}–{max(times[name]):.2f}) | "
              f"{c:.2f} ({min(cpus[name]):.2f}–{max(cpus[name]):.2f}) | {w / ours_wall:.1f}×, {c / ours_cpu:.1f}× |")


def check(plan):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        ref_csv = os.path.join(tmp, "ref.csv")
        subprocess.run([sys.executable, REFERENCE, "scipy", plan, "--residents", ref_csv], check=True, capture_output=True)
        ours = subprocess.run([LIFECIRCLE, "coverage", plan, "--format", "csv"], check=True, capture_output=True, text=True).stdout
        mine = {}
        for row in csv.DictReader(ours.splitlines()):
            mine[(row["category"], row["resident_id"])] = (row["status"], row["minutes"])
        speeds = {}
        with open(os.path.join(plan, "plan.json")) as f:
            p = json.load(f)
        walking = p.get("walking", {})
        for c in p["categories"]:
            speed = walking.get("speed", 80)
            if c.get("demand") == "age60plus" and "elderSpeed" in walking:
                speed = walking["elderSpeed"]
            speeds[c["id"]] = float(speed)
        differences = 0
        compared = 0
        with open(ref_csv) as f:
            for row in csv.DictReader(f):
                key = (row["category"], row["resident"])
                status, minutes = mine.get(key, (None, None))
                compared += 1
                if status != row["status"]:
                    differences += 1
                    if differences <= 10:
                        print(f"status differs: {key}: LifeCircle {status} {minutes}, reference {row['status']} {row['meters']} m")
                elif status == "covered" and abs(float(minutes) - float(row["meters"]) / speeds[row["category"]]) > 0.005 + 1e-9:
                    differences += 1
                    if differences <= 10:
                        print(f"distance differs: {key}: LifeCircle {minutes} min, reference {row['meters']} m")
        print(f"{compared} resident × category pairs compared, {differences} differences")
        if differences or compared != len(mine):
            raise SystemExit(1)


def main(argv):
    if len(argv) >= 2 and argv[0] == "make":
        tiles = int(argv[3]) if len(argv) >= 4 and argv[2] == "--tiles" else 10
        make(argv[1], tiles)
    elif len(argv) >= 2 and argv[0] == "run":
        repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
        pandana_runs = int(argv[argv.index("--pandana-runs") + 1]) if "--pandana-runs" in argv else 1
        run(argv[1], repeat, pandana_runs)
    elif len(argv) == 2 and argv[0] == "check":
        check(argv[1])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
