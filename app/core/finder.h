/* finder: how a member finds their own tile without typing. Over a roster
 * it keeps the members in pinyin order with their index letters and digit
 * keys, and answers three questions fast enough for 10,000 members:
 * which letters have members, who is under a letter, and who matches the
 * digits typed on the keypad (the last 4 digits of a phone, or a member
 * number). Results are indexes into the roster array, in pinyin order. */
#ifndef KIOSK_FINDER_H
#define KIOSK_FINDER_H
#include "result.h"
#include "roster.h"

typedef struct Finder Finder;

/* Indexes n members. The array is borrowed and must outlive the finder.
 * Returns KR_OK, or KR_NOMEM. *pp is freed with finder_free(). */
KrCode finder_build(Finder **pp, const Member *aMember, int n);
void finder_free(Finder *f);

/* The queries below cannot fail: each returns a count (0 for none). */
/* All members (of group zGroup, or all when NULL) in pinyin order into
 * aOut (room for n); returns the count. */
int finder_all(const Finder *f, const char *zGroup, int *aOut);
/* Bit i set when some member (of zGroup, or all) has index letter 'A'+i;
 * bit 26 for names with no letter ('#'). */
unsigned finder_letters(const Finder *f, const char *zGroup);
/* Members whose index letter is c ('A'..'Z' or '#'), in pinyin order. */
int finder_by_letter(const Finder *f, char c, const char *zGroup, int *aOut);
/* Members matching typed digits: the last 4 phone digits starting with
 * them, or the member number's digits (with or without leading zeros)
 * starting with them. An empty string matches nobody. */
int finder_by_digits(const Finder *f, const char *zDigits, const char *zGroup, int *aOut);
/* The index letter of member i. */
char finder_initial(const Finder *f, int i);
#endif
