/* scanbuf: tells a QR/barcode scanner from a person at a keyboard. A
 * keyboard-wedge scanner "types" its whole code and then Enter within a few
 * tens of milliseconds (1-10 ms a key); a person needs 80 ms or more a key.
 * So characters are collected while every gap between keys stays within
 * SCANBUF_MAX_GAP_MS. A longer gap breaks the burst until the next Enter:
 * nothing typed after it and before that Enter counts, because what follows
 * a pause inside a scan is the card's tail, and the tail alone must never
 * be taken for a scan. Enter yields a scan only if it too comes quickly, at
 * least SCANBUF_MIN_LEN characters came, and they start with the card
 * format's prefix (QRCARD_PREFIX). Pure logic on timestamps, no SDL: the UI
 * feeds it SDL's text and Enter events with their timestamps, and tells it
 * when each read of the event queue began (scanbuf_read).
 *
 * Why the reads: SDL2 stamps an event when it reads it from the system, not
 * when the key came. Keys that came while the kiosk was busy (drawing a
 * frame, committing a check-in) all carry the time of the next read, and
 * the busy time would look like a pause inside the scan — on a slow board
 * often enough to lose scans. So a key stamped by a read (within 1 ms of
 * its start) is taken to have come as early as it can have: right after
 * the read before, which did not see it. A key stamped later than that came
 * while the kiosk waited, and keeps its stamp. The gap between two keys is
 * then the least it can have been: a stall is never a pause, and a real
 * pause still is. With no reads told (tests), stamps are taken as they are. */
#ifndef KIOSK_SCANBUF_H
#define KIOSK_SCANBUF_H
#include <stddef.h>
#include <stdint.h>

#define SCANBUF_MAX_GAP_MS 50
#define SCANBUF_MIN_LEN 12
#define SCANBUF_MAX 256
#define SCANBUF_READS 16

typedef struct {
  char buf[SCANBUF_MAX];
  size_t n;
  uint32_t lastMs;  /* the last key's stamp: the latest it can have come */
  int haveLast;     /* lastMs holds the time of a key since the last Enter */
  int broken;       /* a gap, a control character or an overflow since the last Enter */
  uint32_t aRead[SCANBUF_READS]; /* when the last reads of the queue began, a ring */
  int nRead, iRead;
} ScanBuf;

/* Empties the buffer and forgets the reads (at start). */
void scanbuf_reset(ScanBuf *s);
/* A read of the input queue began at ms (SDL ticks). */
void scanbuf_read(ScanBuf *s, uint32_t ms);
/* One typed character (printable ASCII; anything else breaks the burst). */
void scanbuf_char(ScanBuf *s, int c, uint32_t ms);
/* Enter at time ms. Returns 1 and copies the scanned code into out (n
 * bytes) when the buffer holds one unbroken scanner burst of a card
 * payload; 0 otherwise. Either way the buffer starts over. */
int scanbuf_enter(ScanBuf *s, uint32_t ms, char *out, size_t n);
#endif
