/* input: the door through which outside text enters the core — a roster
 * CSV, a notice, a calendar, a field someone typed.
 *
 * Decoding. Files arrive as UTF-8 (with or without a BOM) or as GBK, as
 * Excel on a Chinese Windows saves them. The two are told apart by the
 * whole file, never line by line: a file that is valid UTF-8 is UTF-8; one
 * whose non-ASCII bytes mostly (>= 3/4) form valid UTF-8 sequences is UTF-8
 * with a damaged or cut-off character and is refused; otherwise it must be
 * valid GB18030 (GBK's superset) from its first byte to its last, and is
 * decoded whole; and a line of it that is itself good UTF-8 Chinese (two or
 * more such characters: in random GBK text about one line in 10^5 or fewer)
 * means a file pasted together from both encodings, which is refused too.
 * A NUL or other control byte (anything below 0x20 but tab, CR and LF) is
 * refused before any of this. Every refusal names the line.
 *
 * Quoting. An error message quotes at most INPUT_QUOTE_BYTES of a bad field,
 * cut on a character boundary and marked with "…", so a 10 MB field never
 * comes back whole.
 *
 * Numbers. input_int parses a decimal integer into a range without ever
 * overflowing, whatever the digits. */
#ifndef KIOSK_INPUT_H
#define KIOSK_INPUT_H
#include "result.h"
#include <stddef.h>
#include <stdint.h>

#define INPUT_QUOTE_BYTES 40
#define INPUT_QUOTE_SIZE (INPUT_QUOTE_BYTES + 4) /* + "…" + NUL */

/* Decodes n bytes of an outside text file to UTF-8 (see above). On KR_OK
 * *ppOut is a new NUL-terminated buffer with no NUL inside, which the caller
 * frees with free(), and *pnOut (if not NULL) its length. Otherwise
 * KR_MALFORMED (or KR_NOMEM) with "line N: ..." in zErr and *ppOut NULL. */
KrCode input_decode(const char *z, size_t n, char **ppOut, size_t *pnOut, char *zErr, int nErr);
/* Writes a short printable quotation of the NUL-terminated z into
 * zBuf[INPUT_QUOTE_SIZE]: at most INPUT_QUOTE_BYTES bytes, cut on a UTF-8
 * boundary, followed by "…" when cut; control bytes become spaces. Returns
 * zBuf, for use as a printf argument. */
const char *input_quote(const char *z, char zBuf[INPUT_QUOTE_SIZE]);
/* Parses all of z as a decimal integer (an optional '-', then 1..18 digits;
 * no spaces, no '+') within [lo, hi] into *pOut. KR_OK, or KR_BAD_INPUT and
 * *pOut untouched. Never overflows. */
KrCode input_int(const char *z, int64_t lo, int64_t hi, int64_t *pOut);
#endif
