#ifndef THIDUA_CSQLITE_SHIM_H
#define THIDUA_CSQLITE_SHIM_H
#include <sqlite3.h>
// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import.
static const sqlite3_destructor_type thidua_sqlite_transient = SQLITE_TRANSIENT;
#endif
