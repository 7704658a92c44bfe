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
 * feeds it SDL's text and Enter events with their timestamps. */
#ifndef KIOSK_SCANBUF_H
#define KIOSK_SCANBUF_H
#include <stddef.h>
#include <stdint.h>

#define SCANBUF_MAX_GAP_MS 50
#define SCANBUF_MIN_LEN 12
#define SCANBUF_MAX 256

typedef struct {
  char buf[SCANBUF_MAX];
  size_t n;
  uint32_t lastMs;
  int haveLast;     /* lastMs holds the time of a key since the last Enter */
  int broken;       /* a gap, a control character or an overflow since the last Enter */
} ScanBuf;

void scanbuf_reset(ScanBuf *s);
/* One typed character (printable ASCII; anything else breaks the burst). */
void scanbuf_char(ScanBuf *s, int c, uint32_t ms);
/* Enter at time ms. Returns 1 and copies the scanned code into out (n
 * bytes) when the buffer holds one unbroken scanner burst of a card
 * payload; 0 otherwise. Either way the buffer starts over. */
int scanbuf_enter(ScanBuf *s, uint32_t ms, char *out, size_t n);
#endif
