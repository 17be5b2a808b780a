#!/usr/bin/env python3
"""A tiled OSM extract for the import benchmark: the Helsinki extract copied N×N times.

Usage (from the repository root; needs osmium-tool):
    python3 Benchmarks/osm_tiles.py OUT.osm.pbf [--tiles 9] [--source FILE]

Reads ../shared/data/helsinki/helsinki-centre.osm.pbf (or --source) as OPL through `osmium cat`,
writes every object N×N times and pipes the text back through `osmium cat -F opl` into OUT.osm.pbf
(osmium's PBF writer: zlib blobs of up to 8,000 objects, dense nodes, version and timestamp kept).
Copy k = row × N + column is shifted by column × the source's bounding-box width east and row × its
height north (exact, in 1e-7 degree units) and every id of it (the object's and those it refers to:
way nodes, relation members) gets k × 10^10 added, larger than any id of the 2019 source, so the
copies are disjoint and the output stays sorted by type and id (all nodes, then all ways, then all
relations, each in copy order). The copies are not joined: a shifted copy shares no node with its
neighbours. 9×9 gives 81 copies, about 55 MB.

The output depends only on the source and N (osmium writes no timestamp of its own into it).
"""
import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "..", "shared", "data", "helsinki", "helsinki-centre.osm.pbf")
ID_STRIDE = 10**10


def e7(text):
    """A decimal degree as an integer number of 1e-7 degrees, without going through floats."""
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    whole, _, frac = text.partition(".")
    value = int(whole or "0") * 10**7 + int((frac + "0000000")[:7])
    return -value if negative else value


def degrees(value):
    """1e-7 degree units back to OPL's decimal text (osmium's own form: no trailing zeros)."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, frac = divmod(value, 10**7)
    text = f"{whole}.{frac:07d}".rstrip("0").rstrip(".")
    return sign + text


def shift_refs(field, offset):
    """`Nn1,n2` (way nodes) or `Mw1@role,n2@` (members): each id plus offset."""
    if len(field) == 1:
        return field
    out = []
    for item in field[1:].split(","):
        kind = item[0]
        ref, at, role = item[1:].partition("@")
        out.append(f"{kind}{int(ref) + offset}{at}{role}")
    return field[0] + ",".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--tiles", type=int, default=9)
    parser.add_argument("--source", default=SOURCE)
    args = parser.parse_args()

    opl = subprocess.run(["osmium", "cat", args.source, "-f", "opl"], check=True, capture_output=True, text=True).stdout
    lines = opl.splitlines()
    box = [None, None, None, None]  # min x, min y, max x, max y in 1e-7 degrees
    for line in lines:
        if line.startswith("n"):
            for field in line.split(" "):
                if field[:1] == "x" and len(field) > 1:
                    x = e7(field[1:])
                    box[0] = x if box[0] is None else min(box[0], x)
                    box[2] = x if box[2] is None else max(box[2], x)
                elif field[:1] == "y" and len(field) > 1:
                    y = e7(field[1:])
                    box[1] = y if box[1] is None else min(box[1], y)
                    box[3] = y if box[3] is None else max(box[3], y)
    width, height = box[2] - box[0] + 1, box[3] - box[1] + 1
    n = args.tiles
    writer = subprocess.Popen(
        ["osmium", "cat", "-F", "opl", "-", "-o", args.out, "-O", "--no-progress"], stdin=subprocess.PIPE, text=True)
    by_type = {"n": [], "w": [], "r": []}
    for line in lines:
        if line[:1] in by_type:
            by_type[line[0]].append(line.split(" "))
    for kind in "nwr":
        for k in range(n * n):
            row, column = divmod(k, n)
            offset = k * ID_STRIDE
            chunk = []
            for fields in by_type[kind]:
                out = [fields[0][0] + str(int(fields[0][1:]) + offset)]
                for field in fields[1:]:
                    tag = field[:1]
                    if tag == "x" and len(field) > 1:
                        field = "x" + degrees(e7(field[1:]) + column * width)
                    elif tag == "y" and len(field) > 1:
                        field = "y" + degrees(e7(field[1:]) + row * height)
                    elif tag in ("N", "M"):
                        field = shift_refs(field, offset)
                    out.append(field)
                chunk.append(" ".join(out))
            writer.stdin.write("\n".join(chunk) + "\n")
    writer.stdin.close()
    if writer.wait() != 0:
        sys.exit("osmium cat failed")
    size = os.path.getsize(args.out)
    print(f"{args.out}: {n}×{n} copies of {os.path.basename(args.source)}, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
