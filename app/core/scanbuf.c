/* scanbuf: see scanbuf.h. */
#include "scanbuf.h"
#include "qrcard.h"
#include <string.h>

/* After an Enter: a new burst, the reads kept. */
static void restart(ScanBuf *s) {
  s->n = 0;
  s->broken = 0;
  s->haveLast = 0;
  s->lastMs = 0;
}

void scanbuf_reset(ScanBuf *s) {
  restart(s);
  s->nRead = s->iRead = 0;
}

void scanbuf_read(ScanBuf *s, uint32_t ms) {
  if (s->nRead && s->aRead[s->iRead] == ms) return; /* a drain polls many times a millisecond */
  s->iRead = (s->iRead + 1) % SCANBUF_READS;
  s->aRead[s->iRead] = ms;
  if (s->nRead < SCANBUF_READS) s->nRead++;
}

/* The earliest a key stamped at ms can have come (see scanbuf.h). */
static uint32_t earliest(const ScanBuf *s, uint32_t ms) {
  for (int k = 0; k < s->nRead; k++) {
    int i = (s->iRead - k + SCANBUF_READS) % SCANBUF_READS;
    int32_t after = (int32_t)(ms - s->aRead[i]);
    if (after < 0) continue;       /* a read after the stamp: not the one */
    if (after > 1) return ms;      /* it came while that read waited */
    if (k + 1 >= s->nRead) return ms; /* the read before is forgotten */
    return s->aRead[(i - 1 + SCANBUF_READS) % SCANBUF_READS];
  }
  return ms;
}

/* Whether more than SCANBUF_MAX_GAP_MS passed between the last key and a
 * key (or Enter) stamped at ms, at the least. */
static int paused(const ScanBuf *s, uint32_t ms) {
  return s->haveLast && (int32_t)(earliest(s, ms) - s->lastMs) > SCANBUF_MAX_GAP_MS;
}

void scanbuf_char(ScanBuf *s, int c, uint32_t ms) {
  /* a pause: what came before was typing, or what comes after is a tail */
  if (paused(s, ms)) s->broken = 1;
  s->lastMs = ms;
  s->haveLast = 1;
  if (s->broken) return;
  if (c < 0x20 || c > 0x7E || s->n >= SCANBUF_MAX - 1) { s->broken = 1; return; }
  s->buf[s->n++] = (char)c;
}

int scanbuf_enter(ScanBuf *s, uint32_t ms, char *out, size_t n) {
  size_t nPrefix = strlen(QRCARD_PREFIX);
  int burst = !s->broken && s->n >= SCANBUF_MIN_LEN && s->n >= nPrefix && !memcmp(s->buf, QRCARD_PREFIX, nPrefix) &&
              s->n < QRCARD_PAYLOAD_MAX && /* longer than any card: not one, and never cut to one */
              s->haveLast && !paused(s, ms) && s->n < n;
  if (burst) {
    memcpy(out, s->buf, s->n);
    out[s->n] = 0;
  }
  restart(s);
  return burst;
}
