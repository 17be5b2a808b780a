#!/usr/bin/env python3
"""Opens a lifecircle output folder's QGIS project and GeoPackage headless with PyQGIS and checks
what QGIS makes of them.

    python3 check_project.py PROJECT.qgs GEOPACKAGE.gpkg

For every feature layer of the GeoPackage (read from its `gpkg_contents` with sqlite3, not from the
project): the project holds it once, QGIS finds it valid with the GeoPackage's feature count, it sits
in the group its name calls for, and its renderer (type, classification field, number of classes,
colours) is the default style the GeoPackage's `layer_styles` holds for it (the QML parsed here with
ElementTree). The same layer opened directly from the GeoPackage must come up with that style too
(QGIS loads a layer's default style from `layer_styles`). Prints a JSON summary on stdout; on any
failure prints one line per failure naming the layer on stderr and exits 1 (2 for usage).
"""
import json
import os
import sqlite3
import sys
import xml.etree.ElementTree as ET

# The group a layer belongs in, by the start of its name (the layers' categories, as the report
# documents them): independent of the Swift writer that made the project.
APP = None

GROUPS = [("street-gaps", "Streets"), ("residents", "Residents"), ("facilities-", "Facilities"),
          ("service-area-", "Service areas"), ("proposals-", "Proposals")]


def expected_group(name):
    for prefix, group in GROUPS:
        if name == prefix or name.startswith(prefix):
            return group
    return None


def gpkg_layers(gpkg):
    """Feature tables of the GeoPackage, in its order, with their feature counts and default QML."""
    db = sqlite3.connect("file:" + gpkg + "?mode=ro", uri=True)
    try:
        names = [r[0] for r in db.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid")]
        out = []
        for name in names:
            count = db.execute('SELECT count(*) FROM "%s"' % name.replace('"', '""')).fetchone()[0]
            rows = db.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = ? AND useAsDefault = 1",
                              (name,)).fetchall()
            out.append((name, count, [r[0] for r in rows]))
        return out
    finally:
        db.close()


def style_of_qml(qml):
    """(renderer type, classification field or None, [RGBA colour of each class's symbol])."""
    root = ET.fromstring(qml)
    r = root.find("renderer-v2")
    if r is None:
        raise ValueError("no renderer-v2 in the QML")
    symbols = {}
    for s in r.findall("symbols/symbol"):
        layer = s.find("layer")
        props = {}
        if layer is not None:
            props = {p.get("k"): p.get("v") for p in layer.findall("prop")}
            for o in layer.findall("Option/Option"):
                props.setdefault(o.get("name"), o.get("value"))
        colour = props.get("color") or props.get("line_color")
        symbols[s.get("name")] = tuple(int(c) for c in colour.split(",")[:4]) if colour else None
    kind = r.get("type")
    if kind == "graduatedSymbol":
        order = [x.get("symbol") for x in r.findall("ranges/range")]
    elif kind == "categorizedSymbol":
        order = [x.get("symbol") for x in r.findall("categories/category")]
    else:
        order = ["0"]
    return kind, r.get("attr"), [symbols.get(k) for k in order]


def style_of_layer(layer):
    """The same triple of what QGIS drew the layer with."""
    r = layer.renderer()
    if r is None:
        return None, None, []
    kind = r.type()
    # The classes are kept in a variable: a symbol belongs to its class and dies with it.
    if kind == "graduatedSymbol":
        classes = r.ranges()
        syms = [x.symbol() for x in classes]
        attr = r.classAttribute()
    elif kind == "categorizedSymbol":
        classes = r.categories()
        syms = [x.symbol() for x in classes]
        attr = r.classAttribute()
    elif kind == "singleSymbol":
        syms = [r.symbol()]
        attr = None
    else:
        syms, attr = [], None
    colours = []
    for s in syms:
        c = s.symbolLayer(0).color() if s is not None and s.symbolLayerCount() > 0 else None
        colours.append((c.red(), c.green(), c.blue(), c.alpha()) if c is not None else None)
    return kind, attr, colours


def main(argv):
    if len(argv) != 3:
        print("usage: check_project.py PROJECT.qgs GEOPACKAGE.gpkg", file=sys.stderr)
        return 2
    project_path, gpkg = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication, QgsProject, QgsVectorLayer

    global APP
    APP = QgsApplication([], False)
    APP.initQgis()
    failures = []
    summary = {"project": project_path, "geopackage": gpkg, "layers": []}
    try:
        expected = gpkg_layers(gpkg)
        project = QgsProject.instance()
        if not project.read(project_path):
            failures.append("%s: QGIS cannot read the project: %s" % (project_path, project.error()))
        root = project.layerTreeRoot()
        by_name = {}
        for layer in project.mapLayers().values():
            by_name.setdefault(layer.name(), []).append(layer)
        names = set()
        for name, count, qmls in expected:
            names.add(name)
            entry = {"name": name}
            summary["layers"].append(entry)
            if len(qmls) != 1:
                failures.append("%s: %d default styles in layer_styles, not 1" % (name, len(qmls)))
                continue
            want = style_of_qml(qmls[0])
            entry["style"] = {"renderer": want[0], "field": want[1], "classes": len(want[2])}
            layers = by_name.get(name, [])
            if len(layers) != 1:
                failures.append("%s: %d layers of this name in the project, not 1" % (name, len(layers)))
                continue
            layer = layers[0]
            entry["valid"] = layer.isValid()
            if not layer.isValid():
                failures.append("%s: not valid in the project (source %s)" % (name, layer.source()))
                continue
            source = layer.source().split("|")[0]
            if os.path.abspath(source) != gpkg:
                failures.append("%s: the project reads %s, not %s" % (name, source, gpkg))
            entry["features"] = layer.featureCount()
            if layer.featureCount() != count:
                failures.append("%s: QGIS counts %d features, the GeoPackage holds %d" % (name, layer.featureCount(), count))
            node = root.findLayer(layer.id())
            group = node.parent() if node is not None else None
            entry["group"] = group.name() if group is not None else None
            if group is None or group.parent() is not root or group.name() != expected_group(name):
                failures.append("%s: in the group %r, not in the top-level group %r"
                                % (name, entry["group"], expected_group(name)))
            if want[1] is not None and layer.fields().indexOf(want[1]) < 0:
                failures.append("%s: the style classifies by %r, not a field of the layer" % (name, want[1]))
            got = style_of_layer(layer)
            entry["renderer"] = {"renderer": got[0], "field": got[1], "classes": len(got[2])}
            if got != want:
                failures.append("%s: the project draws it with %s, the GeoPackage's default style is %s" % (name, got, want))
            # The layer opened on its own from the GeoPackage takes the default style from layer_styles.
            direct = QgsVectorLayer("%s|layername=%s" % (gpkg, name), name, "ogr")
            if not direct.isValid():
                failures.append("%s: not valid when opened from the GeoPackage" % name)
                continue
            got_direct = style_of_layer(direct)
            entry["direct"] = {"renderer": got_direct[0], "field": got_direct[1], "classes": len(got_direct[2])}
            if got_direct != want:
                failures.append("%s: opened from the GeoPackage it is drawn with %s, not its default style %s"
                                % (name, got_direct, want))
        for extra in sorted(set(by_name) - names):
            failures.append("%s: in the project but not a feature layer of the GeoPackage" % extra)
    finally:
        QgsProject.instance().clear()
    summary["failures"] = failures
    print(json.dumps(summary, indent=1, sort_keys=True))
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    # Layers freed after exitQgis() crash QGIS 3.22's bindings, so the application stays (global)
    # and the process leaves at once, without Python's teardown.
    os._exit(code)
