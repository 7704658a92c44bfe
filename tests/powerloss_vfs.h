/* powerloss_vfs: power cuts, simulated, in the manner of SQLite's crash
 * tests. A VFS over SQLite's "unix" one keeps, for every database, WAL and
 * journal file, what a disk would hold after a power cut: the file as it
 * was at its last xSync. At a chosen write (counted from pl_vfs_arm) the
 * power goes: every file is put back to that durable image (writes since
 * its last fsync dropped, unsynced truncations undone), the write being
 * made is torn (its sectors but the last land; of the last, half is new
 * and half garbage or old bytes), the -shm files go (nothing syncs them),
 * and the process ends at once with PL_EXIT_CUT, abandoning its
 * connections as a dead machine would.
 *
 * pl_run() drives a case: a child process runs the case's work with the
 * VFS armed at a random write, telling the parent through a pipe each step
 * the API acknowledged (returned KR_OK after its commit); the parent then
 * reopens what survived, with the plain unix VFS, and has the case check
 * that every acknowledged step is there and PRAGMA integrity_check is ok. */
#ifndef KIOSK_POWERLOSS_VFS_H
#define KIOSK_POWERLOSS_VFS_H
#include <stdint.h>
#include <stdio.h>

#define PL_EXIT_CUT 77

/* Registers the power-loss VFS as the process's default (once). */
void pl_vfs_install(void);
/* Starts counting writes; the power goes at write number cutAt (1-based;
 * 0: never). seed drives the tearing. */
void pl_vfs_arm(long cutAt, uint32_t seed);
/* Writes counted since pl_vfs_arm. */
long pl_vfs_writes(void);

enum { PL_OP_WRITE, PL_OP_SYNC };
/* A hook called before every write and fsync of a database, WAL or journal
 * file (wal: 1 for the WAL), as the counting VFS of unit_durable had it:
 * it may log the event, or fail it by returning an SQLite error code
 * (0: the call goes on). NULL: none. */
void pl_vfs_hook(int (*xHook)(int op, int wal));

/* In a case's work (the child): reports one acknowledged step, a line of
 * text such as "C <uuid>", to the parent. */
void pl_ack(const char *zFmt, ...);

typedef struct {
  const char *name;
  /* Once, in the parent: builds the case's templates in zDir; returns its
   * state, or NULL with a message on stderr. */
  void *(*prepare)(const char *zDir);
  /* Before each run, in the parent: puts the work files back as the
   * templates have them. Returns 0. */
  int (*reset)(void *st);
  /* In the child, with the VFS armed: the work. It acknowledges each step
   * with pl_ack; returning ends the child (exit 0). */
  void (*work)(void *st);
  /* In the parent, after the child is gone: 0 when every acknowledged step
   * (azAck[0..nAck)) survived and the files are sound, else -1 with the
   * reason in zWhy. */
  int (*check)(void *st, char **azAck, int nAck, char *zWhy, int nWhy);
  void (*finish)(void *st);
} PlCase;

typedef struct {
  int runs;        /* child processes run */
  int cuts;        /* of them, ended by a simulated power cut */
  int acked;       /* acknowledged steps checked after a cut */
  int lost;        /* runs where an acknowledged step or the files' soundness was lost */
  long writesMax;  /* writes in an uncut run (the range the cut is drawn from) */
} PlStats;

/* Runs case c until nCuts power cuts have happened (runs that end before
 * their cut point also count as runs and are checked too), each at a write
 * drawn with seed. Prints one line per failure to fLog (may be NULL).
 * Returns 0 when nothing acknowledged was ever lost, else -1. */
int pl_run(const PlCase *c, const char *zDir, int nCuts, uint32_t seed, PlStats *pOut, FILE *fLog);

/* The cases: check-ins; package apply (with check-ins between); the
 * township's import of bundles. */
extern const PlCase pl_case_checkin, pl_case_package, pl_case_import;
#endif
