#ifndef THIDUA_CZLIB_SHIM_H
#define THIDUA_CZLIB_SHIM_H
// The system zlib: CRC-32 for the zip containers of Office Open XML files.
#include <zlib.h>
#endif
