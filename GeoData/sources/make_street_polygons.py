#!/usr/bin/env python3
"""Compiles jingan-streets-osm.geojson into Sources/LifeCircle/Sample/JinganStreetPolygons.swift.

Run from the repository root after the GeoJSON changes:

    python3 GeoData/sources/make_street_polygons.py

The generator never reads a file at run time: the 14 street polygons are Swift literals. Each
street keeps its OSM vertices exactly (longitude, latitude, 7 decimals) as an exterior ring,
closed and counterclockwise (RFC 7946); the streets are written in code order.

It also writes the approximate course of Suzhou Creek and the railway through Shanghai Railway
Station (`creek`, `railway`), drawn along the street boundaries that follow them (CREEK, RAILWAY
below: runs of a street's ring between two vertices, plus a few points of our own where the
line leaves the boundaries or runs on beyond the district). They are approximate: the boundaries
follow the creek's and the tracks' line, not their banks or the width of the yard.
© OpenStreetMap contributors, ODbL 1.0 (see README.md beside this script).
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "jingan-streets-osm.geojson")
TARGET = os.path.join(HERE, "..", "..", "Sources", "LifeCircle", "Sample", "JinganStreetPolygons.swift")


# Local metres east and north of 121.455 E, 31.265 N (the sample's LocalFrame), to name vertices.
ORIGIN = (121.455, 31.265)
M_LAT = 6371008.8 * math.pi / 180
M_LON = M_LAT * math.cos(ORIGIN[1] * math.pi / 180)

# Suzhou Creek, west to east: from south-west of 曹家渡 along its north-west edge and 江宁路's north
# edge (the district boundary, Putuo across), between 江宁路/石门二路 and 天目西路, then along
# 北站's south edge (Huangpu across) and on towards the Huangpu River.
CREEK = [
    (-3250, -3950),
    ("曹家渡街道", (-3050, -3775), (-2049, -2908)),
    ("江宁路街道", (-2049, -2908), (-912, -2215)),
    ("天目西路街道", (-912, -2215), (-394, -2689)),
    ("天目西路街道", (-394, -2689), (320, -2414)),
    ("北站街道", (320, -2414), (2231, -2343)),
    (2600, -2300),
]
# The railway, west to east: in from Putuo across 天目西路's west edge, through Shanghai Railway
# Station, along the 芷江西路/北站 boundary, then north-east along the 宝山路/北站 boundary (the
# line of the old North Station and Songhu railway; smoothed, the boundary's jogs left out) to
# the district's east edge.
RAILWAY = [
    (-1500, -1400), (-841, -1520), (-400, -1575),
    ("天目西路街道", (30, -1601), (317, -1731)),
    ("北站街道", (317, -1731), (1374, -1434)),
    (1614, -1236), (1800, -1222), (1933, -1101),
    (2300, -800),
]


def metres(p):
    return ((p[0] - ORIGIN[0]) * M_LON, (p[1] - ORIGIN[1]) * M_LAT)


def lon_lat(m):
    return (round(ORIGIN[0] + m[0] / M_LON, 7), round(ORIGIN[1] + m[1] / M_LAT, 7))


def boundary_run(rings, name, a, b):
    """The shorter run of the street's ring from the vertex nearest `a` to the one nearest `b`."""
    ring = rings[name][:-1]
    n = len(ring)

    def nearest(t):
        k = min(range(n), key=lambda i: math.dist(metres(ring[i]), t))
        if math.dist(metres(ring[k]), t) > 5:
            sys.exit(f"{name}: no vertex near {t}")
        return k

    i, j = nearest(a), nearest(b)
    forward = [ring[(i + k) % n] for k in range((j - i) % n + 1)]
    backward = [ring[(i - k) % n] for k in range((i - j) % n + 1)]
    return forward if len(forward) <= len(backward) else backward


def line(rings, spec):
    out = []
    for part in spec:
        points = boundary_run(rings, *part) if isinstance(part[0], str) else [lon_lat(part)]
        for p in points:
            if not out or out[-1] != p:
                out.append(p)
    return out


def flat(name, points, indent="    "):
    lines = [f"{indent}static let {name}: [Double] = ["]
    for k in range(0, len(points), 4):
        lines.append(indent + "    " + " ".join(f"{lon!r}, {lat!r}," for lon, lat in points[k:k + 4]))
    lines.append(indent + "]")
    return lines


def signed_area(ring):
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def main():
    with open(SOURCE, encoding="utf-8") as f:
        data = json.load(f)
    streets = []
    for index, feature in enumerate(data["features"]):
        props = feature["properties"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        if len(polygons) != 1 or len(polygons[0]) != 1:
            sys.exit(f"feature {index} ({props['name']}): expected one polygon without holes")
        ring = [(p[0], p[1]) for p in polygons[0][0]]
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        if signed_area(ring) < 0:
            ring.reverse()
        streets.append((props["code"], props["name"], props["osm_relation"], ring))
    streets.sort(key=lambda s: s[0])
    rings = {name: ring for _, name, _, ring in streets}
    creek = line(rings, CREEK)
    railway = line(rings, RAILWAY)
    lines = [
        "// Generated by GeoData/sources/make_street_polygons.py from GeoData/sources/jingan-streets-osm.geojson:",
        "// do not edit. © OpenStreetMap contributors, ODbL 1.0 (GeoData/sources/README.md).",
        "",
        "/// The 14 street offices of Jing'an as drawn by their OpenStreetMap boundary relations (admin_level 8,",
        "/// snapshot 2026-08-19, simplified): one closed counterclockwise exterior ring each, as flat",
        "/// longitude/latitude pairs in WGS84, in code order. Neighbouring streets share their boundary",
        "/// vertices exactly. © OpenStreetMap contributors, ODbL 1.0.",
        "enum JinganStreetPolygons {",
        "    struct Street {",
        "        var code: String",
        "        var name: String",
        "        var osmRelation: Int",
        "        /// lon0, lat0, lon1, lat1, …; the first pair repeated last.",
        "        var ring: [Double]",
        "    }",
        "",
        "    static let streets: [Street] = [",
    ]
    for code, name, relation, ring in streets:
        lines.append(f"        Street(code: \"{code}\", name: \"{name}\", osmRelation: {relation}, ring: [")
        for k in range(0, len(ring), 4):
            chunk = ring[k:k + 4]
            lines.append("            " + " ".join(f"{lon!r}, {lat!r}," for lon, lat in chunk))
        lines.append("        ]),")
    lines += ["    ]", ""]
    lines.append("    /// Suzhou Creek west to east (lon, lat pairs): approximate, drawn along the street boundaries")
    lines.append("    /// that follow it and run on a little beyond the district.")
    lines += flat("creek", creek)
    lines.append("")
    lines.append("    /// The railway through Shanghai Railway Station west to east (lon, lat pairs): approximate, drawn")
    lines.append("    /// along the street boundaries that follow it and run on a little beyond the district.")
    lines += flat("railway", railway)
    lines += ["}", ""]
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.relpath(TARGET)}: {len(streets)} streets, {sum(len(s[3]) for s in streets)} vertices")


if __name__ == "__main__":
    main()
