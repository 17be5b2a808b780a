// libdeflate shim (whole-buffer zlib inflate of OSM PBF blobs). No stable API: only the LifeCircle
// core imports it.
#ifndef LIFECIRCLE_CLIBDEFLATE_SHIM_H
#define LIFECIRCLE_CLIBDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
