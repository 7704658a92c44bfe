/* result: see result.h. */
#include "result.h"
#include <sqlite3.h>

const char *kr_name(KrCode rc) {
  static const char *const az[KR_COUNT] = {
    [KR_OK] = "KR_OK", [KR_NOMEM] = "KR_NOMEM", [KR_IO] = "KR_IO", [KR_BUSY] = "KR_BUSY", [KR_DB] = "KR_DB",
    [KR_BAD_INPUT] = "KR_BAD_INPUT", [KR_MALFORMED] = "KR_MALFORMED", [KR_TOO_LARGE] = "KR_TOO_LARGE",
    [KR_NOT_FOUND] = "KR_NOT_FOUND", [KR_BAD_SIGNATURE] = "KR_BAD_SIGNATURE", [KR_UNTRUSTED] = "KR_UNTRUSTED",
    [KR_OTHER_TOWNSHIP] = "KR_OTHER_TOWNSHIP", [KR_WRONG_KIOSK] = "KR_WRONG_KIOSK",
    [KR_WRONG_VILLAGE] = "KR_WRONG_VILLAGE", [KR_NOT_NEWER] = "KR_NOT_NEWER", [KR_EXPIRED] = "KR_EXPIRED",
    [KR_AHEAD] = "KR_AHEAD", [KR_REFUSED] = "KR_REFUSED",
  };
  return (unsigned)rc < KR_COUNT && az[rc] ? az[rc] : "KR_?";
}

KrCode kr_sqlite(int rc) {
  switch (rc & 0xff) {
  case SQLITE_BUSY: case SQLITE_LOCKED: return KR_BUSY;
  case SQLITE_NOMEM: return KR_NOMEM;
  case SQLITE_IOERR: case SQLITE_FULL: case SQLITE_CANTOPEN: return KR_IO;
  default: return KR_DB;
  }
}
