/* gen_pinyin: builds the kiosk's pinyin table at build time from the Unihan
 * database that Debian's unicode-data package installs
 * (/usr/share/unicode/Unihan_Readings.txt.bz2, decompressed on stdin).
 *
 * For each code point it takes the first reading of kMandarin (the most
 * common one), else of kHanyuPinyin, kXHC1983 or kTGHZ2013, drops the tone
 * marks (ü becomes v) and writes a C file with a sorted code point array, a
 * parallel array of syllable indexes, a parallel array of tones (1-4, 5 for
 * the neutral tone: what speech needs), and the syllable strings. Characters
 * Unihan has no reading for (e.g. 𠮷 U+20BB7) come from data/pinyin/extra.txt.
 *
 * usage: bzcat Unihan_Readings.txt.bz2 | gen_pinyin EXTRA.txt > pinyin_table.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CP 0x40000
#define MAX_SYL 1024

static uint16_t gaSyl[MAX_CP];   /* syllable index + 1, 0 = none */
static uint8_t gaRank[MAX_CP];   /* which field gave it: lower wins */
static uint8_t gaTone[MAX_CP];   /* 1-4, 5 neutral */
static char gazSyl[MAX_SYL][8];
static int gnSyl;

/* Decodes one UTF-8 code point; advances *pz. */
static uint32_t next_cp(const char **pz) {
  const unsigned char *s = (const unsigned char *)*pz;
  uint32_t c = s[0];
  int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (n == 2) c &= 0x1F;
  else if (n == 3) c &= 0x0F;
  else if (n == 4) c &= 0x07;
  for (int i = 1; i < n; i++) c = (c << 6) | (s[i] & 0x3F);
  *pz += n;
  return c;
}

/* The toneless ASCII spelling of one pinyin letter, 0 if none. */
static char plain(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? (char)c : 0;
  static const struct { const char *z; char a; } aMap[] = {
    {"āáǎà", 'a'}, {"ēéěèê", 'e'}, {"īíǐì", 'i'}, {"ōóǒò", 'o'}, {"ūúǔù", 'u'},
    {"ǖǘǚǜü", 'v'}, {"ḿ", 'm'}, {"ńňǹ", 'n'},
  };
  for (size_t i = 0; i < sizeof aMap / sizeof aMap[0]; i++) {
    const char *p = aMap[i].z;
    while (*p)
      if (next_cp(&p) == c) return aMap[i].a;
  }
  return 0;
}

/* The tone a pinyin letter marks (1-4), or 0 when it marks none. */
static int tone_of(uint32_t c) {
  static const char *const azTone[4] = {"āēīōūǖ", "áéíóúǘḿń", "ǎěǐǒǔǚň", "àèìòùǜǹ"};
  for (int t = 0; t < 4; t++) {
    const char *p = azTone[t];
    while (*p)
      if (next_cp(&p) == c) return t + 1;
  }
  return 0;
}

/* The tone of reading z (n bytes): 1-4, or 5 when it is neutral. */
static int tone(const char *z, size_t n) {
  const char *p = z, *e = z + n;
  while (p < e) {
    int t = tone_of(next_cp(&p));
    if (t) return t;
  }
  return 5;
}

static int syllable(const char *z, size_t n) {
  char buf[8];
  size_t k = 0;
  const char *p = z, *e = z + n;
  while (p < e && k < sizeof buf - 1) {
    char a = plain(next_cp(&p));
    if (a) buf[k++] = a;
  }
  /* a combining mark (e.g. ê̄) is skipped by plain() returning 0 */
  buf[k] = 0;
  if (!k) return -1;
  for (int i = 0; i < gnSyl; i++)
    if (!strcmp(gazSyl[i], buf)) return i;
  if (gnSyl == MAX_SYL) { fprintf(stderr, "too many syllables\n"); exit(1); }
  strcpy(gazSyl[gnSyl], buf);
  return gnSyl++;
}

static void set(uint32_t cp, const char *zReading, size_t n, int rank) {
  if (cp >= MAX_CP || (gaSyl[cp] && gaRank[cp] <= rank)) return;
  int s = syllable(zReading, n);
  if (s < 0) return;
  gaSyl[cp] = (uint16_t)(s + 1);
  gaRank[cp] = (uint8_t)rank;
  gaTone[cp] = (uint8_t)tone(zReading, n);
}

static int cmp_str(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: gen_pinyin EXTRA.txt < Unihan_Readings.txt\n"); return 2; }
  static const char *const azField[] = {"kMandarin", "kHanyuPinyin", "kXHC1983", "kTGHZ2013"};
  char line[4096];
  long nLine = 0;
  while (fgets(line, sizeof line, stdin)) {
    nLine++;
    if (line[0] != 'U') continue;
    char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2) continue;
    *t1 = *t2 = 0;
    int rank = -1;
    for (int i = 0; i < 4; i++)
      if (!strcmp(t1 + 1, azField[i])) rank = i;
    if (rank < 0) continue;
    uint32_t cp = (uint32_t)strtoul(line + 2, NULL, 16);
    char *v = t2 + 1;
    if (rank > 0) { /* "10019.020:tiàn,tián": the readings follow the colon */
      char *colon = strchr(v, ':');
      if (!colon) continue;
      v = colon + 1;
    }
    size_t n = strcspn(v, " ,\r\n");
    set(cp, v, n, rank);
  }
  if (nLine < 1000) { fprintf(stderr, "gen_pinyin: Unihan input looks empty (%ld lines)\n", nLine); return 1; }
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 1; }
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    const char *p = line;
    uint32_t cp = next_cp(&p);
    while (*p == ' ' || *p == '\t') p++;
    size_t n = strcspn(p, " \t\r\n#");
    gaRank[cp] = 255;
    gaSyl[cp] = 0;
    set(cp, p, n, 0);
  }
  fclose(f);

  /* syllables sorted, so an index compares like the string */
  char aSorted[MAX_SYL][8];
  memcpy(aSorted, gazSyl, sizeof aSorted);
  qsort(aSorted, (size_t)gnSyl, sizeof aSorted[0], cmp_str);
  uint16_t aNew[MAX_SYL];
  for (int i = 0; i < gnSyl; i++)
    for (int j = 0; j < gnSyl; j++)
      if (!strcmp(gazSyl[i], aSorted[j])) aNew[i] = (uint16_t)j;

  printf("/* Generated by tools/gen_pinyin.c from Unihan (Debian unicode-data) and\n"
         " * data/pinyin/extra.txt. Do not edit. */\n#include \"pinyin_table.h\"\n\n");
  printf("const char *const pinyin_syllables[] = {");
  for (int i = 0; i < gnSyl; i++) printf("%s\"%s\",", i % 12 ? "" : "\n  ", aSorted[i]);
  printf("\n};\nconst int pinyin_syllable_count = %d;\n\n", gnSyl);
  int n = 0;
  printf("const uint32_t pinyin_cp[] = {");
  for (uint32_t cp = 0; cp < MAX_CP; cp++)
    if (gaSyl[cp]) printf("%s0x%X,", n++ % 10 ? "" : "\n  ", cp);
  printf("\n};\nconst uint16_t pinyin_syl[] = {");
  n = 0;
  for (uint32_t cp = 0; cp < MAX_CP; cp++)
    if (gaSyl[cp]) printf("%s%u,", n++ % 16 ? "" : "\n  ", aNew[gaSyl[cp] - 1]);
  printf("\n};\nconst uint8_t pinyin_tones[] = {");
  n = 0;
  for (uint32_t cp = 0; cp < MAX_CP; cp++)
    if (gaSyl[cp]) printf("%s%u,", n++ % 32 ? "" : "\n  ", gaTone[cp]);
  printf("\n};\nconst int pinyin_count = %d;\n", n);
  fprintf(stderr, "gen_pinyin: %d characters, %d syllables\n", n, gnSyl);
  return 0;
}
