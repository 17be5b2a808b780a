// zlib shim (OSM PBF blobs, .osm.gz). No stable API: only the LifeCircle core imports it.
#ifndef LIFECIRCLE_CZLIB_SHIM_H
#define LIFECIRCLE_CZLIB_SHIM_H
#include <zlib.h>
#endif
