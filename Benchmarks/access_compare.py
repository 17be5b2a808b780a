#!/usr/bin/env python3
"""Reference 2SFCA scores from PySAL `access` for LifeCircle's FloatingCatchment test.

    pip install access==1.1.10.post3        # pulls pandas and geopandas
    python3 Benchmarks/access_compare.py make Tests/LifeCircleTests/Fixtures/access
    python3 Benchmarks/access_compare.py reference Tests/LifeCircleTests/Fixtures/access

`make` writes a hand-made instance (seeded): `matrix.csv` (resident, facility, minutes: the full
walk-time matrix, pairs beyond the catchment included), `residents.csv` (resident, demand),
`facilities.csv` (facility, supply) and `instance.json` (the catchment in minutes).

`reference` runs `access.Access(...).two_stage_fca(max_cost=t0, weight_fn=...)` on it three
times and writes `reference.csv` (resident, classic, gaussian, gaussian_untruncated; an empty cell
where PySAL gives no score, i.e. the resident reaches no facility):
  - classic: weight_fn=None (f = 1 within t0);
  - gaussian: f(t) = (g(t) - g(t0)) / (1 - g(t0)) with g = access.weights.gaussian(sigma=t0), the
    Gaussian 2SFCA of Dai (2010), 0 at the catchment's edge;
  - gaussian_untruncated: weight_fn=access.weights.gaussian(sigma=t0) as PySAL defines it.
Numbers are written with repr() (17 significant digits), so they read back exactly.
"""
import csv
import json
import os
import random
import sys


def make(folder, seed=16):
    rng = random.Random(seed)
    threshold = 15.0  # minutes
    speed = 80.0      # metres per minute
    residents = [(rng.uniform(0, 2400), rng.uniform(0, 2400)) for _ in range(46)]
    residents.append((9000.0, 9000.0))              # reaches no facility
    facilities = [(rng.uniform(300, 2100), rng.uniform(300, 2100)) for _ in range(7)]
    facilities.append((-8000.0, -8000.0))           # reaches no one
    demand = [float(rng.randint(0, 60) * 25) if i % 9 else 0.0 for i in range(len(residents))]
    demand[-1] = 300.0
    supply = [1.0, 150.0, 2.0, 1.0, 40.0, 1.0, 12.5, 3.0]
    rows = []
    for i, (rx, ry) in enumerate(residents):
        for j, (fx, fy) in enumerate(facilities):
            # A grid walk: Manhattan distance plus two access legs, in minutes.
            metres = abs(rx - fx) + abs(ry - fy) + rng.uniform(0, 60) + rng.uniform(0, 60)
            rows.append((i, j, metres / speed))
    # Every facility that reaches someone must reach some demand, or PySAL divides by 0.
    for j in range(len(facilities)):
        reach = [i for (i, jj, t) in rows if jj == j and t <= threshold]
        assert not reach or any(demand[i] > 0 for i in reach), f"facility {j} reaches no demand"
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "matrix.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["resident", "facility", "minutes"])
        for i, j, t in rows:
            w.writerow([i, j, repr(t)])
    with open(os.path.join(folder, "residents.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["resident", "demand"])
        for i, d in enumerate(demand):
            w.writerow([i, repr(d)])
    with open(os.path.join(folder, "facilities.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["facility", "supply"])
        for j, s in enumerate(supply):
            w.writerow([j, repr(s)])
    with open(os.path.join(folder, "instance.json"), "w") as f:
        json.dump({"thresholdMinutes": threshold, "seed": seed,
                   "residents": len(residents), "facilities": len(facilities)}, f)
        f.write("\n")
    print(f"wrote {len(rows)} pairs, {len(residents)} residents, {len(facilities)} facilities to {folder}")


def reference(folder):
    import math

    import pandas as pd
    from access import Access, weights

    t0 = json.load(open(os.path.join(folder, "instance.json")))["thresholdMinutes"]
    cost = pd.read_csv(os.path.join(folder, "matrix.csv"))
    demand = pd.read_csv(os.path.join(folder, "residents.csv"))
    supply = pd.read_csv(os.path.join(folder, "facilities.csv"))
    model = Access(demand_df=demand, demand_index="resident", demand_value="demand",
                   supply_df=supply, supply_index="facility", supply_value="supply",
                   cost_df=cost, cost_origin="resident", cost_dest="facility", cost_name="minutes")
    g = weights.gaussian(sigma=t0)
    edge = g(t0)
    runs = {
        "classic": None,
        "gaussian": lambda t: (g(t) - edge) / (1 - edge),
        "gaussian_untruncated": g,
    }
    scores = {}
    for name, fn in runs.items():
        out = model.two_stage_fca(name=name, max_cost=t0, weight_fn=fn)
        scores[name] = out[f"{name}_supply"]
    with open(os.path.join(folder, "reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["resident"] + list(runs))
        for i in demand["resident"]:
            cells = []
            for name in runs:
                v = scores[name].get(i, float("nan"))
                cells.append("" if v is None or math.isnan(v) else repr(float(v)))
            w.writerow([i] + cells)
    print(f"wrote PySAL access 2SFCA scores for {len(demand)} residents to {folder}/reference.csv")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "reference"):
        print(__doc__)
        sys.exit(2)
    make(sys.argv[2]) if sys.argv[1] == "make" else reference(sys.argv[2])
