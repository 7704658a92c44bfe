/* scanbuf: see scanbuf.h. */
#include "scanbuf.h"
#include <string.h>

void scanbuf_reset(ScanBuf *s) {
  s->n = 0;
  s->overflow = 0;
  s->lastMs = 0;
}

void scanbuf_char(ScanBuf *s, int c, uint32_t ms) {
  if (s->n && ms - s->lastMs > SCANBUF_MAX_GAP_MS) scanbuf_reset(s); /* a pause: whatever came before was typing */
  s->lastMs = ms;
  if (c < 0x20 || c > 0x7E) { scanbuf_reset(s); return; }
  if (s->n >= SCANBUF_MAX - 1) { s->overflow = 1; return; }
  s->buf[s->n++] = (char)c;
}

int scanbuf_enter(ScanBuf *s, uint32_t ms, char *out, size_t n) {
  int burst = s->n >= SCANBUF_MIN_LEN && !s->overflow && ms - s->lastMs <= SCANBUF_MAX_GAP_MS && s->n < n;
  if (burst) {
    memcpy(out, s->buf, s->n);
    out[s->n] = 0;
  }
  scanbuf_reset(s);
  return burst;
}
