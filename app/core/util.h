/* util: small helpers shared by the core — UUIDs, clock, UTF-8, text encodings.
 * Nothing here touches the database or SDL. */
#ifndef KIOSK_UTIL_H
#define KIOSK_UTIL_H
#include "result.h"
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define UUID_LEN 36

/* Writes a random (v4) UUID as 36 chars + NUL into out[37]. */
void util_uuid4(char out[UUID_LEN + 1]);

/* Seconds since the epoch; tests may pin it with util_set_clock(). */
int64_t util_now(void);
/* Pins the clock to t (t < 0 restores the real clock). For tests and demos. */
void util_set_clock(int64_t t);
/* The pinned time, or -1 when the clock is not pinned (to restore it after
 * a temporary pin). */
int64_t util_pinned_clock(void);
/* Local calendar date of t as "YYYY-MM-DD" into out[11]. */
void util_local_date(int64_t t, char out[11]);
/* Local wall time of t as "HH:MM" into out[6]. */
void util_local_hm(int64_t t, char out[6]);
/* Adds nDays to a "YYYY-MM-DD" date into out. Returns KR_OK, or
 * KR_BAD_INPUT for a bad date. */
KrCode util_date_add(const char *zDate, int nDays, char out[11]);
/* 1 if z is a valid "YYYY-MM-DD" / "HH:MM". */
int util_valid_date(const char *z);
int util_valid_hm(const char *z);

/* 1 if the n bytes are well-formed UTF-8 (no overlongs, no surrogates). */
int util_utf8_valid(const char *z, size_t n);
/* Decodes one code point at *pz and advances it past it. A value, not a
 * KrCode: on a byte that does not start a valid sequence (or at zEnd) it
 * returns UTIL_UTF8_BAD (negative, never a code point); *pz then moves one
 * byte on (not at all at zEnd), so a loop over hostile bytes always ends. */
#define UTIL_UTF8_BAD ((int32_t)-1)
int32_t util_utf8_next(const char **pz, const char *zEnd);
/* Number of code points in a valid UTF-8 string. */
size_t util_utf8_count(const char *z);

/* Reads a whole file; *ppBuf is NUL-terminated and freed by the caller.
 * Returns KR_OK, KR_NOT_FOUND (no such file), KR_IO or KR_NOMEM. */
KrCode util_read_file(const char *zPath, char **ppBuf, size_t *pn);

/* Safe bounded copy that always terminates. */
void util_strlcpy(char *dst, const char *src, size_t n);
#endif
