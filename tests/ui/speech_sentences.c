/* speech_sentences: prints every sentence the kiosk can speak, as the
 * speech program receives it (after speech_text), one a line as
 * "WHERE<TAB>TEXT", for tests/ui/test_speech.sh to put through espeak-ng.
 *
 *   - every string of the UI table (app/ui/strings.c), not only those spoken
 *     today, so a string that starts being spoken is already covered; each
 *     with its %d filled by 0, 7, 10, 15, 120 and 2026 in turn, its %lld by
 *     large counts and its %s by a demo name, a time, a date, hours and a
 *     volunteer category;
 *   - the spoken sentences with every demo member's name, read as the kiosk
 *     reads it (speech_name);
 *   - every demo notice as 朗读 reads it: the title, the date line and each
 *     sentence of the body, split by the same pager;
 *   - the volunteer categories, the days as the volunteer screens name them
 *     and every half-hour count.
 *
 * usage: speech_sentences KIOSK_CONF WORK_DIR */
#include "app.h"
#include "demo.h"
#include "markdown.h"
#include "pager.h"
#include "speech.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int gLines;

/* Rewrites z as voice_say does and prints it. */
static void emit(const char *zWhere, const char *z) {
  size_t n = 4 * strlen(z) + 16;
  char *out = malloc(n), err[128];
  if (!out || speech_text(z, out, n, err, sizeof err)) { fprintf(stderr, "speech_text: %s\n", out ? err : "no memory"); exit(1); }
  for (char *p = out; *p; p++)
    if (*p == '\t' || *p == '\n') *p = ' ';
  printf("%s\t%s\n", zWhere, out);
  free(out);
  gLines++;
}

/* Fills zFmt's conversions: the k-th %d with aNum[(v + k) % 6], %lld with
 * a large count, %c with a letter, the k-th %s with azStr[(v + k) % nStr]. */
static void fill(const char *zFmt, int v, const char *const *azStr, int nStr, char *zOut, size_t nOut) {
  static const long long aNum[6] = {0, 7, 10, 15, 120, 2026};
  size_t len = 0;
  int k = 0;
  zOut[0] = 0;
  for (const char *p = zFmt; *p && len + 1 < nOut;) {
    char piece[256];
    if (p[0] != '%') { piece[0] = *p++; piece[1] = 0; }
    else if (p[1] == '%') { snprintf(piece, sizeof piece, "%%"); p += 2; }
    else if (p[1] == 'd') { snprintf(piece, sizeof piece, "%lld", aNum[(v + k++) % 6]); p += 2; }
    else if (!strncmp(p, "%lld", 4)) { snprintf(piece, sizeof piece, "%lld", 12345LL * (v + 1)); k++; p += 4; }
    else if (p[1] == 'c') { snprintf(piece, sizeof piece, "%c", 'A' + v); k++; p += 2; }
    else if (p[1] == 's') { snprintf(piece, sizeof piece, "%s", azStr[(v + k++) % nStr]); p += 2; }
    else { fprintf(stderr, "speech_sentences: a conversion this test does not know in \"%s\"\n", zFmt); exit(1); }
    size_t m = strlen(piece);
    if (len + m >= nOut) break;
    memcpy(zOut + len, piece, m + 1);
    len += m;
  }
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: speech_sentences KIOSK_CONF WORK_DIR\n"); return 2; }
  Config cfg;
  char err[512], path[1024];
  if (config_load(&cfg, argv[1], 0, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
  snprintf(path, sizeof path, "%s/speech.db", argv[2]);
  remove(path);
  Db *db;
  DemoStats st;
  if (db_open(path, "speech-test", &db, err, sizeof err) || demo_load(db, &cfg, &st, err, sizeof err)) {
    fprintf(stderr, "demo: %s\n", err);
    return 1;
  }
  Member *aMember;
  int nMember;
  if (roster_list(db, &aMember, &nMember) || nMember < 10) { fprintf(stderr, "the demo roster is missing\n"); return 1; }
  VolCategories cats;
  if (vol_categories(db, cfg.volCategories, &cats) || !cats.n) { fprintf(stderr, "no volunteer categories\n"); return 1; }

  /* every member's name as the kiosk speaks it */
  static char aName[4096][160];
  if (nMember > 4096) nMember = 4096;
  for (int i = 0; i < nMember; i++) speech_name(aMember[i].name, aName[i], sizeof aName[i]);
  /* the days and hours the volunteer screens name */
  char day[3][96];
  for (int b = 0; b < 3; b++) {
    char name[32], date[32];
    app_vol_day_text(b, name, sizeof name, date, sizeof date);
    snprintf(day[b], sizeof day[b], "%s %s", name, date);
  }
  char hours[49][8];
  for (int h = 1; h <= 48; h++) vol_half_text(h, hours[h]);

  /* 1. every UI string, numbers and texts filled in */
  for (int id = 0; id < S_COUNT; id++) {
    for (int v = 0; v < 6; v++) {
      const char *azStr[6] = {aName[(id * 6 + v) % nMember], "19:30", "2026年11月30日", hours[(v * 7) % 48 + 1],
                              cats.a[v % cats.n], day[v % 3]};
      char where[32], text[2048];
      snprintf(where, sizeof where, "string %d/%d", id, v);
      fill(str((StringId)id), v, azStr, 6, text, sizeof text);
      emit(where, text);
      if (!strchr(str((StringId)id), '%')) break; /* nothing to vary */
    }
  }
  /* 2. the sentences with a name, for every member */
  static const StringId aNamed[] = {S_SAY_OK_FMT, S_SAY_ALREADY_FMT};
  for (int i = 0; i < nMember; i++)
    for (size_t k = 0; k < sizeof aNamed / sizeof aNamed[0]; k++) {
      char where[64], text[512];
      snprintf(where, sizeof where, "member %s", aMember[i].memberNo);
      snprintf(text, sizeof text, str(aNamed[k]), aName[i]);
      emit(where, text);
    }
  for (int c = 0; c < cats.n; c++) emit("category", cats.a[c]);
  for (int b = 0; b < 3; b++) emit("day", day[b]); /* 今天, 昨天, 前天 */
  for (int h = 1; h <= 48; h++) {
    char text[64];
    snprintf(text, sizeof text, "%s小时", hours[h]);
    emit("hours", text);
  }
  /* 3. the demo notices, as 朗读 reads them */
  char today[11];
  time_t now = time(NULL);
  strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
  NoticeInfo *aInfo;
  int nInfo, nSent = 0;
  if (notice_list(db, -1, today, &aInfo, &nInfo) || nInfo < 1) { fprintf(stderr, "no demo notices\n"); return 1; }
  for (int i = 0; i < nInfo; i++) {
    NoticeInfo info;
    char *body;
    if (notice_get(db, aInfo[i].uuid, &info, &body)) { fprintf(stderr, "notice %s\n", aInfo[i].uuid); return 1; }
    char date[64], meta[160];
    snprintf(date, sizeof date, str(S_NOTICE_DATE_FMT), atoi(info.published), atoi(info.published + 5),
             atoi(info.published + 8));
    snprintf(meta, sizeof meta, str(S_NOTICE_META_FMT), date,
             str(!strcmp(info.source, "township") ? S_FROM_TOWN : S_FROM_VILLAGE));
    size_t n = strlen(info.title) + strlen(meta) + strlen(body) + 16;
    char *md = malloc(n);
    MdDoc doc;
    if (!md) return 1;
    snprintf(md, n, "# %s\n\n%s\n\n%s", info.title, meta, body);
    if (md_parse(md, &doc)) return 1;
    for (int b = 0; b < doc.n; b++) {
      int k = pager_sentences(doc.a[b].text, NULL, 0);
      PgSentence *a = calloc((size_t)k + 1, sizeof *a);
      if (!a) return 1;
      pager_sentences(doc.a[b].text, a, k);
      for (int s = 0; s < k; s++) {
        char where[64], text[2048];
        snprintf(where, sizeof where, "notice %d block %d", i, b);
        size_t len = a[s].len < sizeof text - 1 ? a[s].len : sizeof text - 1;
        memcpy(text, doc.a[b].text + a[s].start, len);
        text[len] = 0;
        emit(where, text);
        nSent++;
      }
      free(a);
    }
    md_free(&doc);
    free(md);
    free(body);
  }
  free(aInfo);
  free(aMember);
  db_close(db);
  fprintf(stderr, "speech_sentences: %d lines (%d members, %d notices with %d sentences)\n", gLines, nMember, nInfo,
          nSent);
  return nSent > 10 ? 0 : 1;
}
