// PROJ C API shim. No stable API: only the LifeCircle core imports it.
//
// PROJ's functions are looked up in libproj when first needed instead of linked: linking it loads
// its ~40 shared libraries (libcurl, libtiff, sqlite, GnuTLS, Kerberos, ...) and binds their symbols
// at the start of every command, about half the start-up time of one that never projects
// (import-osm, --help). The types, enums and macros come from proj.h as before; the functions are
// fields of LCPROJFunctions, typed from the header's own declarations, filled by lc_proj_resolve
// from a dlopen'd libproj (LifeCircle's PROJLibrary).
#ifndef LIFECIRCLE_CPROJ_SHIM_H
#define LIFECIRCLE_CPROJ_SHIM_H
#include <dlfcn.h>
#include <proj.h>

// Every PROJ function LifeCircle calls (add a name here to call another).
#define LC_PROJ_FUNCTIONS(X) \
    X(proj_clone) X(proj_context_create) X(proj_context_destroy) X(proj_context_errno) \
    X(proj_context_errno_string) X(proj_create) X(proj_create_crs_to_crs) X(proj_crs_get_coordinate_system) \
    X(proj_crs_get_sub_crs) X(proj_cs_get_axis_info) X(proj_cs_get_type) X(proj_destroy) X(proj_errno) \
    X(proj_errno_reset) X(proj_get_name) X(proj_get_source_crs) X(proj_get_type) X(proj_log_func) \
    X(proj_normalize_for_visualization) X(proj_trans) X(proj_trans_generic)

#define LC_PROJ_FIELD(name) __typeof__(name) *_Nonnull name;
/// Pointers to PROJ's functions, each of the type proj.h declares.
typedef struct LCPROJFunctions {
    LC_PROJ_FUNCTIONS(LC_PROJ_FIELD)
} LCPROJFunctions;
#undef LC_PROJ_FIELD

/// Fills every field of `functions` from `library` (a dlopen handle of libproj): NULL when all were
/// found, else the name of the first function missing (then `functions` is not complete).
static inline const char *_Nullable lc_proj_resolve(void *_Nonnull library, LCPROJFunctions *_Nonnull functions) {
    // dlsym(3): the symbol's address, or NULL when the library has no such symbol.
#define LC_PROJ_RESOLVE(name) if (!(*(void **)&functions->name = dlsym(library, #name))) return #name;
    LC_PROJ_FUNCTIONS(LC_PROJ_RESOLVE)
#undef LC_PROJ_RESOLVE
    return NULL;
}
#endif
