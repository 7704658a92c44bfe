/* privfile: files other users on the machine must not read or replace.
 *
 * Temporary files. A file being written is never given a shared or
 * predictable name (a name like /tmp/kiosk-export-<pid>.xlsx can be planted
 * as a symlink by any local user, and the write then goes wherever it
 * points). Instead priv_dir_beside makes a private directory (mkdtemp, 0700)
 * next to the destination, priv_temp makes the file in it with mkstemp, and
 * the finished file is renamed into place: same directory, same file
 * system, so the rename is atomic, and nobody else can reach inside.
 *
 * Modes. Databases and key files are 0600 (the PIN's hash and every
 * member's data are in kiosk.db and township.db), township reports 0640.
 * priv_db_files creates a database file 0600 before SQLite opens it (SQLite
 * then gives its -wal and -shm the database's own mode) and tightens an
 * existing database, and its companions, that are looser. */
#ifndef KIOSK_PRIVFILE_H
#define KIOSK_PRIVFILE_H
#include "result.h"
#include <stddef.h>
#include <sys/types.h>

#define PRIV_MODE_DB 0600
#define PRIV_MODE_KEY 0600
#define PRIV_MODE_REPORT 0640
#define PRIV_DIR_PREFIX ".kiosk-tmp-" /* the private directories' names start so */

/* Makes a new private directory (mkdtemp: 0700, a random name starting
 * PRIV_DIR_PREFIX) in zParent ("" for the current directory) and writes its
 * path into zDir[nDir]. KR_OK, or KR_IO with a message. */
KrCode priv_dir_in(const char *zParent, char *zDir, size_t nDir, char *zErr, int nErr);
/* The same in the directory of zDest, where the finished file will go. */
KrCode priv_dir_beside(const char *zDest, char *zDir, size_t nDir, char *zErr, int nErr);
/* The same in $TMPDIR (or /tmp): for scratch files that are not the
 * destination's own bytes, where the destination (a FAT stick over FUSE)
 * cannot take the seeks a zip writer makes. */
KrCode priv_dir_scratch(char *zDir, size_t nDir, char *zErr, int nErr);
/* Makes a new empty file in the private directory zDir with mkstemp and
 * the given mode; its path goes into zPath[nPath] and the open descriptor
 * (close-on-exec) into *pFd (the caller closes it). KR_OK or KR_IO. */
KrCode priv_temp(const char *zDir, const char *zStem, mode_t mode, char *zPath, size_t nPath, int *pFd, char *zErr,
                 int nErr);
/* Removes the private directory zDir and the files in it (it holds no
 * subdirectories). Never follows a symlink. */
void priv_dir_remove(const char *zDir);
/* Takes away every permission bit of zPath beyond mode (0600: group and
 * others lose all), without following a symlink; KR_OK also when zPath
 * does not exist. KR_IO when it cannot be checked or changed. */
KrCode priv_tighten(const char *zPath, mode_t mode, char *zErr, int nErr);
/* Before SQLite opens database zPath: creates it empty with 0600 if it does
 * not exist, and tightens it and its -wal, -shm and -journal to 0600. */
KrCode priv_db_files(const char *zPath, char *zErr, int nErr);
#endif
