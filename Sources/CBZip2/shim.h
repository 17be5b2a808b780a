// libbz2 shim (.osm.bz2, the format Geofabrik and planet mirrors serve). No stable API: only the
// LifeCircle core imports it. bzip2 ships no pkg-config file on most systems, hence a plain
// `link "bz2"` in the module map.
#ifndef LIFECIRCLE_CBZIP2_SHIM_H
#define LIFECIRCLE_CBZIP2_SHIM_H
#include <bzlib.h>
#endif
