#!/usr/bin/env python3
"""Independent coverage of a LifeCircle plan folder: a scipy/shapely reference and pandana.

Usage:
    python3 Benchmarks/coverage_reference.py scipy PLAN [--scenario existing|with-planned] [--residents FILE.csv]
    python3 Benchmarks/coverage_reference.py pandana PLAN [--scenario existing|with-planned]

Both read the plan's GeoJSON layers themselves (the standard `json` module), project them to the
analysis CRS LifeCircle chooses for a plan with `"crs": "auto"` (the WGS84 UTM zone of the centre of
the streets' extent; pyproj) and print one line per category: resident points covered, beyond the
threshold and unreachable, and the covered demand (people, or people aged 60+ for an `age60plus`
category), then the seconds from the start of the script.

`scipy` follows LifeCircle's rules (README, *Coverage and gaps*):
- the network: every LineString (and every part of a MultiLineString with two or more positions) of
  the network layer, consecutive repeated positions dropped; lines join where they share a position
  exactly (after projection); a position is a node when it ends a line or is used more than once;
- a resident or facility joins the network at the nearest point of the nearest edge (shapely's
  STRtree over the segments), with a straight access leg; one farther than the plan's
  `maxSnapDistance` (default 500 m) is unreachable (a facility: ignored);
- a multi-source Dijkstra (scipy.sparse.csgraph.dijkstra, `min_only=True`) from the facilities that
  count in the scenario, each a virtual node joined to its edge's ends by access leg + the way along
  the edge; a resident's walk is its access leg + the way along its edge + the node's distance, or,
  for a facility on its own edge, the two access legs + the way between them;
- covered when the walk is at most walkMinutes × speed metres (the elder speed for an `age60plus`
  category when the plan sets one) plus 1 mm.

`pandana` (no `precompute`, as pandana's documentation allows for `nearest_pois`): the same
compact network (nodes and edges as above), residents and facilities at their nearest *node*
(`get_node_ids`, pandana's own snapping: no access legs, no snap limit), `set_pois` +
`nearest_pois(distance=threshold, num_pois=1)`. Its figures differ from LifeCircle's by its rules,
not by error; they are printed for comparison of time.

`--residents FILE.csv` (scipy only) also writes every resident's walk metres per category
(`category,resident,meters,status`) for a per-resident check against `lifecircle coverage --format csv`.
"""
import json
import math
import os
import sys
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402

TOLERANCE = 0.001


def read_geojson(path):
    with open(path, "rb") as f:
        return json.load(f)["features"]


def feature_id(f, index):
    if f.get("id") is not None:
        v = f["id"]
        return v if isinstance(v, str) else format_number(v)
    p = f.get("properties") or {}
    if isinstance(p.get("id"), str):
        return p["id"]
    if isinstance(p.get("id"), (int, float)) and not isinstance(p.get("id"), bool):
        return format_number(p["id"])
    return str(index)


def format_number(v):
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def utm_code(lon, lat):
    zone = min(60, max(1, int(math.floor((lon + 180) / 6)) + 1))
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def positions_of(geometry):
    """All positions of a geometry (for the extent)."""
    t = geometry["type"]
    c = geometry["coordinates"]
    if t == "Point":
        return [c]
    if t in ("LineString", "MultiPoint"):
        return c
    if t in ("Polygon", "MultiLineString"):
        return [p for part in c for p in part]
    if t == "MultiPolygon":
        return [p for poly in c for ring in poly for p in ring]
    raise SystemExit(f"unsupported geometry {t}")


class Plan:
    """The plan's settings and layers, projected."""

    def __init__(self, folder, scenario):
        with open(os.path.join(folder, "plan.json")) as f:
            plan = json.load(f)
        if plan.get("crs", "auto") != "auto":
            raise SystemExit("only plans with \"crs\": \"auto\" are supported")
        layers = plan["layers"]

        def layer_path(v):
            return os.path.join(folder, v if isinstance(v, str) else v["path"])

        walking = plan.get("walking", {})
        self.speed = float(walking.get("speed", 80))
        self.elder_speed = float(walking["elderSpeed"]) if "elderSpeed" in walking else None
        self.snap = float(walking.get("maxSnapDistance", 500))
        self.categories = plan["categories"]

        streets = read_geojson(layer_path(layers["streets"]))
        xs, ys = [], []
        for f in streets:
            for p in positions_of(f["geometry"]):
                xs.append(p[0])
                ys.append(p[1])
        centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        self.crs = utm_code(*centre)
        from pyproj import Transformer
        self.transformer = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)

        residents = read_geojson(layer_path(layers["residents"]))
        rx = np.empty(len(residents))
        ry = np.empty(len(residents))
        self.population = np.empty(len(residents))
        self.elderly = np.zeros(len(residents))
        self.resident_ids = []
        for i, f in enumerate(residents):
            g = f["geometry"]
            if g["type"] != "Point":
                raise SystemExit(f"resident {i}: only Point residents are supported")
            rx[i], ry[i] = g["coordinates"][0], g["coordinates"][1]
            p = f["properties"]
            self.population[i] = p["population"]
            self.elderly[i] = p.get("age60plus") or 0.0
            self.resident_ids.append(feature_id(f, i))
        self.rx, self.ry = self.transformer.transform(rx, ry)

        # Lines: consecutive repeated positions dropped (after projection, as LifeCircle compares them).
        lines = []
        for f in read_geojson(layer_path(layers["network"])):
            g = f["geometry"]
            if g is None:
                continue
            if g["type"] == "LineString":
                lines.append(g["coordinates"])
            elif g["type"] == "MultiLineString":
                lines.extend(part for part in g["coordinates"] if len(part) >= 2)
        lengths = np.fromiter((len(line) for line in lines), dtype=np.int64, count=len(lines))
        flat = np.fromiter((c for line in lines for p in line for c in p[:2]), dtype=np.float64,
                           count=2 * int(lengths.sum())).reshape(-1, 2)
        px, py = self.transformer.transform(flat[:, 0], flat[:, 1])
        self.vx = np.asarray(px) + 0.0  # -0.0 folded into 0.0
        self.vy = np.asarray(py) + 0.0
        line_of = np.repeat(np.arange(len(lines)), lengths)
        keep = np.ones(len(line_of), dtype=bool)
        same_line = line_of[1:] == line_of[:-1]
        keep[1:] = ~(same_line & (self.vx[1:] == self.vx[:-1]) & (self.vy[1:] == self.vy[:-1]))
        self.vx, self.vy, line_of = self.vx[keep], self.vy[keep], line_of[keep]
        counts = np.bincount(line_of, minlength=len(lines))
        ok = counts[line_of] >= 2
        self.vx, self.vy, line_of = self.vx[ok], self.vy[ok], line_of[ok]
        self.line_of = line_of

        facilities = {c["id"]: [] for c in self.categories}
        shared = layers.get("facilities")
        if shared is not None:
            for f in read_geojson(layer_path(shared)):
                cat = (f.get("properties") or {}).get("category")
                if cat in facilities and not any(c["id"] == cat and "facilities" in c for c in self.categories):
                    facilities[cat].append(f)
        for c in self.categories:
            if "facilities" in c:
                facilities[c["id"]] = read_geojson(layer_path(c["facilities"]))
        self.facilities = {}
        for cid, fs in facilities.items():
            pts = [(f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1]) for f in fs
                   if scenario == "with-planned" or (f.get("properties") or {}).get("status", "existing") != "planned"]
            if any(f["geometry"]["type"] != "Point" for f in fs):
                raise SystemExit(f"{cid}: only Point facilities are supported")
            if pts:
                a = np.array(pts)
                fx, fy = self.transformer.transform(a[:, 0], a[:, 1])
                self.facilities[cid] = (np.asarray(fx), np.asarray(fy))
            else:
                self.facilities[cid] = (np.empty(0), np.empty(0))

    def threshold(self, category):
        speed = self.elder_speed if category.get("demand") == "age60plus" and self.elder_speed else self.speed
        return float(category["walkMinutes"]) * speed

    def demand(self, category):
        return self.elderly if category.get("demand") == "age60plus" else self.population


class CompactNetwork:
    """Nodes (line ends and positions used more than once) and the edges between them."""

    def __init__(self, vx, vy, line_of):
        n = len(vx)
        keys = np.empty(n, dtype=[("x", "<f8"), ("y", "<f8")])
        keys["x"], keys["y"] = vx, vy
        _, vid, uses_plain = np.unique(keys, return_inverse=True, return_counts=True)
        vid = vid.ravel()
        first = np.ones(n, dtype=bool)
        first[1:] = line_of[1:] != line_of[:-1]
        last = np.ones(n, dtype=bool)
        last[:-1] = line_of[1:] != line_of[:-1]
        uses = uses_plain + np.bincount(vid[first | last], minlength=len(uses_plain))
        is_node = (uses[vid] > 1) | first | last
        # Segment p runs from position p to p + 1 (not from a line's last position).
        seg = np.nonzero(~last)[0]
        dx = vx[seg + 1] - vx[seg]
        dy = vy[seg + 1] - vy[seg]
        seg_len = np.hypot(dx, dy)
        starts_edge = is_node & ~last
        edge_of_pos = np.cumsum(starts_edge) - 1
        seg_edge = edge_of_pos[seg]
        edge_count = int(edge_of_pos[-1]) + 1 if n else 0
        edge_len = np.bincount(seg_edge, weights=seg_len, minlength=edge_count)
        # Offset of each segment's start along its edge.
        cum = np.cumsum(seg_len) - seg_len
        edge_first_seg = np.searchsorted(seg_edge, np.arange(edge_count))
        seg_offset = cum - cum[edge_first_seg][seg_edge]
        edge_last_seg = np.append(edge_first_seg[1:], len(seg)) - 1
        node_vids, node_of_vid = np.unique(vid[is_node], return_inverse=True)
        node_index = np.full(len(uses), -1, dtype=np.int64)
        node_index[node_vids] = np.arange(len(node_vids))
        self.edge_from = node_index[vid[seg[edge_first_seg]]]
        self.edge_to = node_index[vid[seg[edge_last_seg] + 1]]
        self.edge_len = edge_len
        self.node_count = len(node_vids)
        node_pos = np.zeros((len(uses), 2))
        node_pos[vid, 0], node_pos[vid, 1] = vx, vy
        self.node_x = node_pos[node_vids, 0]
        self.node_y = node_pos[node_vids, 1]
        self.seg = seg
        self.seg_edge = seg_edge
        self.seg_offset = seg_offset
        self.seg_len = seg_len
        self.vx, self.vy = vx, vy
        # Edges of zero length (a closed line of one repeated position) connect nothing.
        self.useful = edge_len > 0


def snap(net, x, y, max_distance):
    """Edge, offset along it and access leg of each point (edge −1: farther than max_distance)."""
    import shapely
    segments = shapely.linestrings(
        np.stack([np.stack([net.vx[net.seg], net.vy[net.seg]], 1), np.stack([net.vx[net.seg + 1], net.vy[net.seg + 1]], 1)], 1))
    tree = shapely.STRtree(segments)
    pts = shapely.points(x, y)
    (pi, si), dist = tree.query_nearest(pts, max_distance=max_distance + TOLERANCE, return_distance=True, all_matches=True)
    # Ties: the lowest segment (LifeCircle: lowest edge, then lowest segment along it).
    order = np.lexsort((si, pi))
    pi, si, dist = pi[order], si[order], dist[order]
    firsts = np.ones(len(pi), dtype=bool)
    firsts[1:] = pi[1:] != pi[:-1]
    pi, si, dist = pi[firsts], si[firsts], dist[firsts]
    edge = np.full(len(x), -1, dtype=np.int64)
    offset = np.zeros(len(x))
    access = np.zeros(len(x))
    along = shapely.line_locate_point(segments[si], pts[pi])
    edge[pi] = net.seg_edge[si]
    offset[pi] = np.minimum(np.maximum(net.seg_offset[si] + along, 0), net.edge_len[net.seg_edge[si]])
    access[pi] = dist
    return edge, offset, access


def scipy_coverage(plan, residents_csv):
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    net = CompactNetwork(plan.vx, plan.vy, plan.line_of)
    r_edge, r_off, r_acc = snap(net, plan.rx, plan.ry, plan.snap)
    n = net.node_count
    e_ok = net.useful
    ef, et, el = net.edge_from[e_ok], net.edge_to[e_ok], net.edge_len[e_ok]
    out = []
    rows = []
    for c in plan.categories:
        bound = plan.threshold(c)
        fx, fy = plan.facilities[c["id"]]
        f_edge, f_off, f_acc = snap(net, fx, fy, plan.snap) if len(fx) else (np.empty(0, int), np.empty(0), np.empty(0))
        used = f_edge >= 0
        fe, fo, fa = f_edge[used], f_off[used], f_acc[used]
        k = len(fe)
        walk = np.full(len(plan.rx), np.inf)
        if k:
            # Facilities are virtual nodes n..n+k-1 with directed edges to their edge's ends.
            src = np.concatenate([ef, et, n + np.arange(k), n + np.arange(k)])
            dst = np.concatenate([et, ef, net.edge_from[fe], net.edge_to[fe]])
            w = np.concatenate([el, el, fa + fo, fa + (net.edge_len[fe] - fo)])
            # One entry per (src, dst), the shortest (csr_matrix would add duplicates up).
            order = np.lexsort((w, dst, src))
            src, dst, w = src[order], dst[order], w[order]
            firsts = np.ones(len(src), dtype=bool)
            firsts[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
            src, dst, w = src[firsts], dst[firsts], np.maximum(w[firsts], 1e-12)
            graph = csr_matrix((w, (src, dst)), shape=(n + k, n + k))
            dist = dijkstra(graph, directed=True, indices=n + np.arange(k), min_only=True, limit=bound + TOLERANCE)
            snapped = r_edge >= 0
            re = r_edge[snapped]
            via_from = dist[net.edge_from[re]] + r_off[snapped] + r_acc[snapped]
            via_to = dist[net.edge_to[re]] + (net.edge_len[re] - r_off[snapped]) + r_acc[snapped]
            best = np.minimum(via_from, via_to)
            # A facility on the resident's own edge: straight along it.
            on_edge = {}
            for j in range(k):
                on_edge.setdefault(int(fe[j]), []).append(j)
            idx = np.nonzero(snapped)[0]
            shared = np.isin(re, fe)
            for p in np.nonzero(shared)[0]:
                i = idx[p]
                for j in on_edge[int(re[p])]:
                    best[p] = min(best[p], fa[j] + abs(fo[j] - r_off[i]) + r_acc[i])
            walk[snapped] = best
        covered = walk <= bound + TOLERANCE
        unreachable = r_edge < 0
        demand = plan.demand(c)
        out.append((c["id"], int(covered.sum()), int((~covered & ~unreachable).sum()), int(unreachable.sum()),
                    float(demand[covered].sum()), float(demand.sum())))
        if residents_csv:
            for i in range(len(walk)):
                status = "covered" if covered[i] else ("unreachable" if unreachable[i] else "beyond-threshold")
                rows.append(f"{c['id']},{plan.resident_ids[i]},{walk[i]:.6f},{status}\n")
    if residents_csv:
        with open(residents_csv, "w") as f:
            f.write("category,resident,meters,status\n")
            f.writelines(rows)
    return net, out


def pandana_coverage(plan):
    import pandas as pd
    import pandana as pdna

    net = CompactNetwork(plan.vx, plan.vy, plan.line_of)
    ok = net.useful
    nodes = pd.DataFrame({"x": net.node_x, "y": net.node_y})
    edges = pd.DataFrame({"from": net.edge_from[ok], "to": net.edge_to[ok], "length": net.edge_len[ok]})
    network = pdna.Network(nodes["x"], nodes["y"], edges["from"], edges["to"], edges[["length"]], twoway=True)
    resident_nodes = network.get_node_ids(pd.Series(plan.rx), pd.Series(plan.ry)).to_numpy()
    out = []
    for c in plan.categories:
        bound = plan.threshold(c)
        fx, fy = plan.facilities[c["id"]]
        demand = plan.demand(c)
        if len(fx) == 0:
            out.append((c["id"], 0, len(plan.rx), 0, 0.0, float(demand.sum())))
            continue
        network.set_pois(category=c["id"], maxdist=bound, maxitems=1, x_col=pd.Series(fx), y_col=pd.Series(fy))
        result = network.nearest_pois(distance=bound, category=c["id"], num_pois=1)
        meters = result[1].reindex(resident_nodes).to_numpy()
        covered = meters < bound
        out.append((c["id"], int(covered.sum()), int((~covered).sum()), 0, float(demand[covered].sum()), float(demand.sum())))
    return net, out


def main(argv):
    if len(argv) < 2 or argv[0] not in ("scipy", "pandana"):
        print(__doc__)
        sys.exit(2)
    tool, folder = argv[0], argv[1]
    scenario = "existing"
    residents_csv = None
    rest = argv[2:]
    while rest:
        if rest[0] == "--scenario" and len(rest) > 1:
            scenario = rest[1]
        elif rest[0] == "--residents" and len(rest) > 1:
            residents_csv = rest[1]
        else:
            print(__doc__)
            sys.exit(2)
        rest = rest[2:]
    plan = Plan(folder, scenario)
    net, rows = scipy_coverage(plan, residents_csv) if tool == "scipy" else pandana_coverage(plan)
    elapsed = time.perf_counter() - T0
    print(f"{tool}: {len(plan.rx)} residents, {net.node_count} nodes, {int(net.useful.sum())} edges, CRS {plan.crs}")
    print("category,covered_points,beyond_points,unreachable_points,covered_demand,demand")
    for (cid, cov, beyond, unr, cd, d) in rows:
        print(f"{cid},{cov},{beyond},{unr},{cd:.0f},{d:.0f}")
    print(f"seconds {elapsed:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
