// GEOS C API shim. No stable API: only the LifeCircle core imports it.
#ifndef LIFECIRCLE_CGEOS_SHIM_H
#define LIFECIRCLE_CGEOS_SHIM_H
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
