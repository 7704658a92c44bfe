/* township_int: what township.c and township_package.c share. Not for tools. */
#ifndef KIOSK_TOWNSHIP_INT_H
#define KIOSK_TOWNSHIP_INT_H
#include "keypair.h"
#include "township.h"
#include <sqlite3.h>

struct Township {
  sqlite3 *h;
  char dir[1024];
  char id[41];
  KeyPair kp;
};
#endif
