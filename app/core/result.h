/* result: one return convention for the whole core.
 *
 * A core function that can fail returns a KrCode. KR_OK is 0, so
 * `if (f(...))` still reads "if it failed". Beside the code it writes an
 * English sentence into (zErr, nErr) for the command line and the log: the
 * words may change from release to release, the code may not. Screens never
 * read the words: the UI maps the code to its own Chinese string table
 * (app/ui/strings.c), so rewording a message can never change the screen.
 *
 * Results go out through out-parameters (SQLite's style: p pointer, pp
 * out-pointer, z string, n count). A function that returns a pointer says in
 * its header comment who frees it. A broken contract in our own code is a
 * bug and aborts (assert); only failures from outside — the disk, a stick, the
 * network, a bad file, a busy database — come back as a KrCode.
 *
 * The rules, in STYLE terms:
 *   - Fallible: returns KrCode, results through out-parameters, one English
 *     sentence into (zErr, nErr) when it takes them. Test it as `if (rc)`
 *     or against a named code (`== KR_NOT_FOUND`), never `< 0` or `== -1`:
 *     every failure is positive.
 *   - "Not there" is KR_NOT_FOUND, not a third return value; a rule that says
 *     no (a closed window, an open shift, a township's activity) is
 *     KR_REFUSED; an SQLite failure is kr_sqlite(rc) of SQLite's own code.
 *   - Infallible queries may return a count, a value or a pointer directly
 *     (finder_all, pager_sentences, rating_points). One that can fail
 *     anyway says in its header how: a pointer is NULL (with zErr), a count
 *     or value is -1 (db_member_count, db_last_seq), a code point is
 *     UTIL_UTF8_BAD. Prefer a KrCode and an out-parameter in new code.
 *   - A predicate (util_valid_date, vol_half_valid) returns 1 or 0; a
 *     classification (checkin_window, qrcard_verify) returns its own enum.
 *   - A static helper inside a module may return SQLite's code (db_begin);
 *     the public function turns it into a KrCode at its boundary.
 *
 * New codes go at the end of their group; the numbers are not stored
 * anywhere, but kr_name() must know each one (unit_result checks it). */
#ifndef KIOSK_RESULT_H
#define KIOSK_RESULT_H

typedef enum {
  KR_OK = 0,
  /* the machine */
  KR_NOMEM,            /* out of memory */
  KR_IO,               /* a file could not be read or written (disk, stick pulled, full) */
  KR_BUSY,             /* the database stayed locked past the busy timeout */
  KR_DB,               /* any other SQLite failure */
  /* input */
  KR_BAD_INPUT,        /* a field or argument the user gave is wrong */
  KR_MALFORMED,        /* a file is damaged, truncated or not ours */
  KR_TOO_LARGE,        /* over a size limit */
  KR_NOT_FOUND,        /* no such member, activity, file, kiosk */
  /* trust */
  KR_BAD_SIGNATURE,    /* a signature or seal does not verify */
  KR_UNTRUSTED,        /* no township trusted yet, or an unknown / revoked kiosk */
  KR_OTHER_TOWNSHIP,   /* signed by, or naming, another township */
  KR_WRONG_KIOSK,      /* meant for another kiosk */
  KR_WRONG_VILLAGE,    /* meant for another village */
  /* order and time */
  KR_NOT_NEWER,        /* a package or acknowledgement no newer than the one held: old or replayed */
  KR_EXPIRED,          /* past its expiry date */
  KR_AHEAD,            /* names records this kiosk has not written */
  KR_REFUSED,          /* a rule of the kiosk says no (window closed, locked out, ...) */
  KR_COUNT
} KrCode;

/* The code's name ("KR_NOT_NEWER"), for logs and tests; never NULL. */
const char *kr_name(KrCode rc);
/* The code for an SQLite call that failed with result code rc:
 * SQLITE_BUSY / _LOCKED -> KR_BUSY, _NOMEM -> KR_NOMEM, _IOERR / _FULL /
 * _CANTOPEN -> KR_IO, anything else -> KR_DB (a failure is never KR_OK,
 * even when the call said SQLITE_OK / _ROW but not what was expected). */
KrCode kr_sqlite(int rc);
#endif
