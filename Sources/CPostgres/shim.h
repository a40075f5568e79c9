#ifndef THIDUA_CPOSTGRES_SHIM_H
#define THIDUA_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#endif
