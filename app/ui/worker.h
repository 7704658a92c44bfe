/* worker: the kiosk's one background thread. It does all the slow work, on
 * its own database connection, so the screen never waits for a disk, a
 * stick or the network:
 *  - it notices sticks: it blocks in poll() on /proc/self/mountinfo
 *    (POLLPRI: the kernel flags it when anything is mounted or unmounted),
 *    and on a new stick checks and applies the township's files on it;
 *  - it exports onto a stick when asked (the bundle and the month's
 *    workbook, each fsynced and read back);
 *  - it runs the LAN push/pull cycle (when kiosk.conf has a hub_url) every
 *    interval, retrying a failure after 1, 2, 4 ... minutes up to the
 *    interval.
 * Jobs are taken one at a time; the thread reports each result as a model
 * event (model.h), which the UI thread handles. A package's write
 * transaction is short (package.c stages and checks it first), so a
 * check-in on the UI's connection waits at most for the final merge. */
#ifndef KIOSK_WORKER_H
#define KIOSK_WORKER_H
#include "config.h"
#include "keypair.h"
#include <SDL.h>

typedef struct Worker Worker;

/* Starts the thread (zDbPath: the kiosk's database file). With watch 0
 * (tests) it neither watches sticks nor syncs, but still exports. The
 * worker keeps copies of cfg and kp. Returns NULL when the thread cannot
 * start. Stopped and freed with worker_stop(). */
Worker *worker_start(const Config *cfg, const char *zDbPath, const KeyPair *kp, int watch);
/* Stops the thread (cutting a transfer in progress short) and frees w. */
void worker_stop(Worker *w);
/* Asks for a LAN cycle now (after an export, say). */
void worker_sync_now(Worker *w);
/* Asks for an export onto the stick mounted at zStick; the answer is a
 * MODEL_EXPORT_DONE event carrying seq. One asked for while another waits
 * replaces it. Returns 0, or -1 when w is NULL. */
int worker_export(Worker *w, const char *zStick, int seq);
/* The worker thread's id (tests check the slow work ran there). */
SDL_threadID worker_thread_id(Worker *w);
#endif
