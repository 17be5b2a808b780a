// PROJ C API shim. No stable API: only the LifeCircle core imports it.
#ifndef LIFECIRCLE_CPROJ_SHIM_H
#define LIFECIRCLE_CPROJ_SHIM_H
#include <proj.h>
#endif
