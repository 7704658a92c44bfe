/* watch: the kiosk's two background helpers, each on its own thread so the
 * event loop never waits for them:
 *  - the stick watcher blocks in poll() on /proc/self/mountinfo (POLLPRI:
 *    the kernel flags it when anything is mounted or unmounted) and pushes
 *    an SDL event of watch_usb_event();
 *  - the LAN syncer (when kiosk.conf has a hub_url) runs a push/pull cycle
 *    on its own database connection every interval, retrying a failure
 *    after 1, 2, 4 ... minutes up to the interval, and pushes an SDL event
 *    of watch_sync_event() after each cycle. */
#ifndef KIOSK_WATCH_H
#define KIOSK_WATCH_H
#include "config.h"
#include "keypair.h"
#include <SDL.h>

typedef struct Watch Watch;

Uint32 watch_usb_event(void);
Uint32 watch_sync_event(void);
/* Starts what cfg asks for (zDbPath: the kiosk's database file). */
Watch *watch_start(const Config *cfg, const char *zDbPath, const KeyPair *kp);
/* Stops the threads and frees w. */
void watch_stop(Watch *w);
/* Asks the syncer to run now (after an export, say). */
void watch_sync_now(Watch *w);
#endif
