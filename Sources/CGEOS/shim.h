// GEOS C API shim. No stable API: only the LifeCircle core imports it.
//
// GEOS's functions are looked up in libgeos_c when first needed instead of linked: linking it
// loads libgeos_c and libgeos (C++) and runs their initialisers at the start of every command,
// a few milliseconds of one that never touches geometry (import-osm, --help). The types, enums
// and macros come from geos_c.h as before; the functions are fields of LCGEOSFunctions, typed
// from the header's own declarations, filled by lc_geos_resolve from a dlopen'd libgeos_c
// (LifeCircle's GEOSLibrary).
#ifndef LIFECIRCLE_CGEOS_SHIM_H
#define LIFECIRCLE_CGEOS_SHIM_H
#include <dlfcn.h>
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

// Every GEOS function LifeCircle calls (add a name here to call another).
#define LC_GEOS_FUNCTIONS(X) \
    X(GEOS_finish_r) X(GEOS_init_r) X(GEOSArea_r) X(GEOSBoundary_r) X(GEOSBuffer_r) X(GEOSContains_r) \
    X(GEOSContext_setErrorMessageHandler_r) X(GEOSContext_setNoticeMessageHandler_r) \
    X(GEOSCoordSeq_copyFromBuffer_r) X(GEOSCoordSeq_copyToBuffer_r) X(GEOSCoordSeq_getSize_r) X(GEOSCovers_r) \
    X(GEOSDifference_r) X(GEOSDistance_r) X(GEOSFree_r) X(GEOSGeomGetX_r) X(GEOSGeomGetY_r) X(GEOSGeomTypeId_r) \
    X(GEOSGeom_createCollection_r) X(GEOSGeom_createEmptyLineString_r) X(GEOSGeom_createEmptyPolygon_r) \
    X(GEOSGeom_createLineString_r) X(GEOSGeom_createLinearRing_r) X(GEOSGeom_createPointFromXY_r) \
    X(GEOSGeom_createPolygon_r) X(GEOSGeom_createRectangle_r) X(GEOSGeom_destroy_r) X(GEOSGeom_getCoordSeq_r) \
    X(GEOSGeom_getExtent_r) X(GEOSGeom_setPrecision_r) X(GEOSGetCentroid_r) X(GEOSGetExteriorRing_r) \
    X(GEOSGetGeometryN_r) X(GEOSGetInteriorRingN_r) X(GEOSGetNumGeometries_r) X(GEOSGetNumInteriorRings_r) \
    X(GEOSIntersection_r) X(GEOSIntersects_r) X(GEOSisEmpty_r) X(GEOSisValid_r) X(GEOSisValidReason_r) \
    X(GEOSLength_r) X(GEOSMakeValid_r) X(GEOSPointOnSurface_r) X(GEOSPrepare_r) X(GEOSPreparedContains_r) \
    X(GEOSPreparedCovers_r) X(GEOSPreparedGeom_destroy_r) X(GEOSPreparedIntersects_r) X(GEOSRelatePattern_r) \
    X(GEOSSTRtree_create_r) X(GEOSSTRtree_destroy_r) X(GEOSSTRtree_insert_r) X(GEOSSTRtree_nearest_generic_r) \
    X(GEOSSTRtree_query_r) X(GEOSUnaryUnion_r) X(GEOSUnion_r)

#define LC_GEOS_FIELD(name) __typeof__(name) *_Nonnull name;
/// Pointers to GEOS's functions, each of the type geos_c.h declares.
typedef struct LCGEOSFunctions {
    LC_GEOS_FUNCTIONS(LC_GEOS_FIELD)
} LCGEOSFunctions;
#undef LC_GEOS_FIELD

/// Fills every field of `functions` from `library` (a dlopen handle of libgeos_c): NULL when all
/// were found, else the name of the first function missing (then `functions` is not complete).
static inline const char *_Nullable lc_geos_resolve(void *_Nonnull library, LCGEOSFunctions *_Nonnull functions) {
    // dlsym(3): the symbol's address, or NULL when the library has no such symbol.
#define LC_GEOS_RESOLVE(name) if (!(*(void **)&functions->name = dlsym(library, #name))) return #name;
    LC_GEOS_FUNCTIONS(LC_GEOS_RESOLVE)
#undef LC_GEOS_RESOLVE
    return NULL;
}
#endif
