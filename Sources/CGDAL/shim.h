// GDAL's C API, looked up in libgdal when first needed instead of linked: linking it loads its
// ~110 shared libraries (and runs their initialisers) at the start of every command, most of the
// start-up time of one that never touches GDAL (import-osm, coverage). The types, enums and
// macros come from GDAL's headers as before; the functions are fields of LCGDALFunctions, typed
// from the headers' own declarations, filled by lc_gdal_resolve from a dlopen'd libgdal
// (LifeCircle's GDALSession).
#include <dlfcn.h>
#if __has_include(<gdal/gdal.h>)
// Debian and Ubuntu (libgdal-dev): the headers in /usr/include/gdal, which is not on the search path.
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#include <gdal/cpl_conv.h>
#include <gdal/cpl_error.h>
#include <gdal/cpl_string.h>
#include <gdal/cpl_vsi.h>
#else
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#endif

// Every GDAL function LifeCircle calls (add a name here to call another).
#define LC_GDAL_FUNCTIONS(X) \
    X(CPLErrorReset) X(CPLGetLastErrorMsg) X(CPLGetLastErrorType) X(CPLQuietErrorHandler) \
    X(CPLSetErrorHandler) X(CPLSetThreadLocalConfigOption) X(CSLAddString) X(CSLDestroy) X(GDALAllRegister) \
    X(GDALClose) X(GDALCreate) X(GDALDatasetCommitTransaction) X(GDALDatasetCreateLayer) \
    X(GDALDatasetExecuteSQL) X(GDALDatasetGetLayer) X(GDALDatasetGetLayerByName) X(GDALDatasetGetLayerCount) \
    X(GDALDatasetReleaseResultSet) X(GDALDatasetRollbackTransaction) X(GDALDatasetStartTransaction) \
    X(GDALGetDatasetDriver) X(GDALGetDriverByName) X(GDALGetDriverShortName) X(GDALOpenEx) X(OGR_F_Create) \
    X(OGR_F_Destroy) X(OGR_F_GetFID) X(OGR_F_GetFieldAsDouble) X(OGR_F_GetFieldAsDoubleList) \
    X(OGR_F_GetFieldAsInteger) X(OGR_F_GetFieldAsInteger64) X(OGR_F_GetFieldAsString) \
    X(OGR_F_GetFieldAsStringList) X(OGR_F_GetFieldCount) X(OGR_F_GetFieldDefnRef) X(OGR_F_GetGeometryRef) \
    X(OGR_F_IsFieldNull) X(OGR_F_IsFieldSet) X(OGR_F_SetFID) X(OGR_F_SetFieldDateTimeEx) \
    X(OGR_F_SetFieldDouble) X(OGR_F_SetFieldInteger) X(OGR_F_SetFieldNull) X(OGR_F_SetFieldString) \
    X(OGR_F_SetGeometryDirectly) X(OGR_Fld_Create) X(OGR_Fld_Destroy) X(OGR_Fld_GetNameRef) \
    X(OGR_Fld_GetSubType) X(OGR_Fld_GetType) X(OGR_Fld_SetSubType) X(OGR_Fld_SetWidth) X(OGR_GT_Flatten) \
    X(OGR_G_CreateFromWkb) X(OGR_G_CreateGeometry) X(OGR_G_DestroyGeometry) X(OGR_G_GetGeometryCount) \
    X(OGR_G_GetGeometryName) X(OGR_G_GetGeometryRef) X(OGR_G_GetGeometryType) X(OGR_G_GetLinearGeometry) \
    X(OGR_G_GetPointCount) X(OGR_G_GetX) X(OGR_G_GetY) X(OGR_G_HasCurveGeometry) X(OGR_G_IsEmpty) \
    X(OGR_G_SetPoint_2D) X(OGR_L_CreateFeature) X(OGR_L_CreateField) X(OGR_L_GetFIDColumn) \
    X(OGR_L_GetLayerDefn) X(OGR_L_GetName) X(OGR_L_GetNextFeature) X(OGR_L_GetSpatialRef) \
    X(OGR_L_ResetReading) X(OSRAutoIdentifyEPSG) X(OSRCleanup) X(OSRClone) X(OSRDestroySpatialReference) \
    X(OSRExportToWktEx) X(OSRGetAuthorityCode) X(OSRGetAuthorityName) X(OSRImportFromEPSG) \
    X(OSRNewSpatialReference) X(OSRSetAxisMappingStrategy) X(VSIFree) X(VSIGetMemFileBuffer) X(VSIUnlink)

#define LC_GDAL_FIELD(name) __typeof__(name) *_Nonnull name;
/// Pointers to GDAL's functions, each of the type GDAL's header declares.
typedef struct LCGDALFunctions {
    LC_GDAL_FUNCTIONS(LC_GDAL_FIELD)
} LCGDALFunctions;
#undef LC_GDAL_FIELD

/// Fills every field of `functions` from `library` (a dlopen handle of libgdal): NULL when all were
/// found, else the name of the first function missing (then `functions` is not complete).
static inline const char *_Nullable lc_gdal_resolve(void *_Nonnull library, LCGDALFunctions *_Nonnull functions) {
    // dlsym(3): the symbol's address, or NULL when the library has no such symbol.
#define LC_GDAL_RESOLVE(name) if (!(*(void **)&functions->name = dlsym(library, #name))) return #name;
    LC_GDAL_FUNCTIONS(LC_GDAL_RESOLVE)
#undef LC_GDAL_RESOLVE
    return NULL;
}
