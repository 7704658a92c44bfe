/* finder: see finder.h. Everything is computed once in finder_build(); a
 * query is one pass over the sorted order comparing a few bytes per
 * member, so 10,000 members take tens of microseconds. */
#include "finder.h"
#include "pinyin.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
  char key[96];     /* pinyin sort key */
  char digits[24];  /* member number's digits, e.g. "0031" */
  const char *trim; /* the same without leading zeros, e.g. "31" */
  char initial;
} Entry;

struct Finder {
  const Member *aMember;
  int n;
  Entry *aEntry;   /* per roster index */
  int *aOrder;     /* roster indexes in pinyin order */
};

static const Finder *gSort; /* for qsort's comparator */

static int by_key(const void *a, const void *b) {
  int i = *(const int *)a, j = *(const int *)b;
  int c = strcmp(gSort->aEntry[i].key, gSort->aEntry[j].key);
  if (!c) c = strcmp(gSort->aMember[i].name, gSort->aMember[j].name);
  if (!c) c = strcmp(gSort->aMember[i].memberNo, gSort->aMember[j].memberNo);
  return c;
}

KrCode finder_build(Finder **pp, const Member *aMember, int n) {
  *pp = NULL;
  Finder *f = calloc(1, sizeof *f);
  if (!f) return KR_NOMEM;
  f->aMember = aMember;
  f->n = n;
  f->aEntry = calloc((size_t)(n ? n : 1), sizeof *f->aEntry);
  f->aOrder = calloc((size_t)(n ? n : 1), sizeof *f->aOrder);
  if (!f->aEntry || !f->aOrder) { finder_free(f); return KR_NOMEM; }
  for (int i = 0; i < n; i++) {
    Entry *e = &f->aEntry[i];
    pinyin_key(aMember[i].name, e->key, sizeof e->key);
    e->initial = e->key[0] >= 'a' && e->key[0] <= 'z' ? (char)(e->key[0] - 'a' + 'A') : '#';
    size_t k = 0;
    for (const char *p = aMember[i].memberNo; *p && k < sizeof e->digits - 1; p++)
      if (*p >= '0' && *p <= '9') e->digits[k++] = *p;
    e->trim = e->digits;
    while (e->trim[0] == '0' && e->trim[1]) e->trim++;
    f->aOrder[i] = i;
  }
  gSort = f; /* not reentrant; building happens on the UI thread only */
  qsort(f->aOrder, (size_t)n, sizeof *f->aOrder, by_key);
  gSort = NULL;
  *pp = f;
  return 0;
}

void finder_free(Finder *f) {
  if (!f) return;
  free(f->aEntry);
  free(f->aOrder);
  free(f);
}

static int in_group(const Finder *f, int i, const char *zGroup) {
  return !zGroup || !strcmp(f->aMember[i].group, zGroup);
}

int finder_all(const Finder *f, const char *zGroup, int *aOut) {
  int k = 0;
  for (int o = 0; o < f->n; o++)
    if (in_group(f, f->aOrder[o], zGroup)) aOut[k++] = f->aOrder[o];
  return k;
}

unsigned finder_letters(const Finder *f, const char *zGroup) {
  unsigned mask = 0;
  for (int i = 0; i < f->n; i++) {
    if (!in_group(f, i, zGroup)) continue;
    char c = f->aEntry[i].initial;
    mask |= c == '#' ? 1u << 26 : 1u << (c - 'A');
  }
  return mask;
}

int finder_by_letter(const Finder *f, char c, const char *zGroup, int *aOut) {
  int k = 0;
  for (int o = 0; o < f->n; o++) {
    int i = f->aOrder[o];
    if (f->aEntry[i].initial == c && in_group(f, i, zGroup)) aOut[k++] = i;
  }
  return k;
}

static int starts(const char *z, const char *zPrefix, size_t n) { return n && !strncmp(z, zPrefix, n); }

int finder_by_digits(const Finder *f, const char *zDigits, const char *zGroup, int *aOut) {
  size_t n = strlen(zDigits);
  const char *trim = zDigits;
  while (trim[0] == '0' && trim[1]) trim++;
  size_t nTrim = strlen(trim);
  int k = 0;
  if (!n) return 0;
  for (int o = 0; o < f->n; o++) {
    int i = f->aOrder[o];
    const Entry *e = &f->aEntry[i];
    if (!in_group(f, i, zGroup)) continue;
    if (starts(f->aMember[i].phone4, zDigits, n) || starts(e->digits, zDigits, n) || starts(e->trim, trim, nTrim))
      aOut[k++] = i;
  }
  return k;
}

char finder_initial(const Finder *f, int i) { return f->aEntry[i].initial; }
