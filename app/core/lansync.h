/* lansync: one push/pull cycle with the township's LAN hub (township
 * serve), over HTTP with libcurl, LAN protocol 2:
 *   POST /v2/bundle          the kiosk's bundle since the last acknowledgement;
 *                            the reply is a signed acknowledgement, applied at once
 *   GET  /v2/ack             only the acknowledgement: sent instead of the POST
 *                            when nothing was written since the last one, so an
 *                            idle kiosk syncing every 30 minutes sends no
 *                            empty bundles (and the township stores none)
 *   GET  /v2/package?have=N  the newest update package, if newer than N
 * Every request is signed by the kiosk (X-Kiosk, X-Time, X-Nonce,
 * X-Body-Hash, X-Sig: an Ed25519 signature over method, the whole target
 * with its query, time, nonce and the body's BLAKE2b-256 hash, which is sent
 * in X-Body-Hash so the hub can authenticate the request before it takes
 * the body), so the hub knows who asks and refuses a replay (lanhub.h has
 * the hub's side). Protocol 1 signed neither the query nor, before the body,
 * anything; a protocol 1 kiosk is refused with words saying to update. A
 * lost reply costs nothing: the next cycle sends the same records again and
 * the township skips the ones it has. */
#ifndef KIOSK_LANSYNC_H
#define KIOSK_LANSYNC_H
#include "config.h"
#include "db.h"
#include "keypair.h"
#include "result.h"
#include <stddef.h>
#include <stdint.h>

typedef struct {
  int records;                /* records pushed */
  int64_t ackedBefore, acked; /* the high-water mark before and after */
  int64_t package;            /* the package version applied, 0 if none */
} LanResult;

/* Runs one cycle against zHubUrl ("http://192.168.1.10:8080"). Returns
 * KR_OK, or with an English message (what moved before the failure is
 * kept): KR_IO (the hub cannot be reached), KR_REFUSED (the hub answered
 * with an HTTP error), or a code of sync_apply for its reply. An
 * acknowledgement no newer than the mark held is not a failure. The
 * outcome is kept in the database for the admin board: last_sync_at on
 * success, last_sync_error (the words) and last_sync_code (kr_name) on
 * failure. */
KrCode lan_sync(Db *db, const KeyPair *kp, const Config *cfg, const char *zHubUrl, LanResult *pOut, char *zErr, int nErr);

/* A flag that, when set, cuts a cycle's transfers short (the kiosk is
 * shutting down). NULL: none. */
void lan_set_abort(volatile int *pFlag);

/* The string a request signature covers: lan_request_string in lanhub.h. */
#endif
