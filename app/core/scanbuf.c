/* scanbuf: see scanbuf.h. */
#include "scanbuf.h"
#include "qrcard.h"
#include <string.h>

void scanbuf_reset(ScanBuf *s) {
  s->n = 0;
  s->broken = 0;
  s->haveLast = 0;
  s->lastMs = 0;
}

void scanbuf_char(ScanBuf *s, int c, uint32_t ms) {
  /* a pause: what came before was typing, or what comes after is a tail */
  if (s->haveLast && ms - s->lastMs > SCANBUF_MAX_GAP_MS) s->broken = 1;
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
              ms - s->lastMs <= SCANBUF_MAX_GAP_MS && s->n < n;
  if (burst) {
    memcpy(out, s->buf, s->n);
    out[s->n] = 0;
  }
  scanbuf_reset(s);
  return burst;
}
