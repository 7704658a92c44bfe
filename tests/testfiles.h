/* testfiles: database files for tests that copy them around (the fuzz
 * harnesses' templates, the power-loss runs): remove one with its -wal and
 * -shm, write one afresh, read one whole. */
#ifndef KIOSK_TESTFILES_H
#define KIOSK_TESTFILES_H
#include <stddef.h>

/* Removes zPath, zPath-wal and zPath-shm (those that exist). */
void tf_unlink_db(const char *zPath);
/* Writes n bytes as the database zPath, with no -wal or -shm left from
 * before. Returns 0 or -1. */
int tf_put_db(const char *zPath, const void *z, size_t n);
/* A whole file's bytes (freed with free()), or NULL. */
unsigned char *tf_slurp(const char *zPath, size_t *pn);
#endif
