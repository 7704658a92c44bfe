/* report_synth: a synthetic township review of N villages, written with the
 * township report's own writer (report_book), so test_report.sh can check
 * the workbook and charts at 600 villages without a 600-kiosk database.
 *
 * The villages are shaped like the real thing and like an attack on it:
 * 25-character names, "·" in names, a CJK Extension B character, names
 * with '/', starting with '-' or '=', a control character and a byte that
 * is not UTF-8; a village with no members; a revoked kiosk; members who
 * joined during the month (expected at fewer activities). Every count is
 * built member by member and activity by activity, so the villages', kinds',
 * activities' and members' sums agree, as review.h promises.
 *
 * usage: report_synth N OUT_DIR STEM
 * prints "total expected E came C late L leave V absent A rate R approved H"
 * and then one line per village, in the workbook's order:
 * "village I rate R hours H score S" (full precision). */
#include "report_book.h"
#include "config.h"
#include "fonts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long g_seed = 20261130;
static int rnd(int n) {
  g_seed = g_seed * 6364136223846793005ULL + 1442695040888963407ULL;
  return (int)((g_seed >> 33) % (unsigned long long)n);
}

static char *dupf(const char *zFmt, int i) {
  char buf[256];
  snprintf(buf, sizeof buf, zFmt, i);
  return strdup(buf);
}

static const char *const azKind[] = {"主题党日", "支部党员大会", "支部委员会", "党小组会", "党课", "志愿服务"};
static const char *const azOdd[] = {"-v 开头的村", "东/西村", "=1+1村", "阿依古丽·买买提村", "𠀀𠀁村",
                                    "\xff坏字节村", "控制\x01字符村"};

static void add(ReviewCounts *t, const ReviewCounts *c) {
  t->nExpected += c->nExpected;
  t->nCame += c->nCame;
  t->nLate += c->nLate;
  t->nLeave += c->nLeave;
  t->nAbsent += c->nAbsent;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: report_synth N OUT_DIR STEM\n"); return 2; }
  setenv("TZ", "CST-8", 1);
  int n = atoi(argv[1]);
  ReviewResult r = {.zFrom = "2026-11-01", .zTo = "2026-11-30", .zLabel = "2026年11月", .asOf = 1796032800};
  r.nVillage = n;
  r.aVillage = calloc((size_t)n + 1, sizeof *r.aVillage);
  r.nKind = 6;
  r.aKind = calloc(6, sizeof *r.aKind);
  int capM = n * 45 + 1, capA = n * 6 + 1;
  r.aMember = calloc((size_t)capM, sizeof *r.aMember);
  r.aActivity = calloc((size_t)capA, sizeof *r.aActivity);
  for (int k = 0; k < 6; k++) snprintf(r.aKind[k].zKind, sizeof r.aKind[k].zKind, "%s", azKind[k]);
  for (int v = 0; v < n; v++) {
    ReviewVillage *pv = &r.aVillage[v];
    snprintf(pv->zKioskId, sizeof pv->zKioskId, "k%039d", v);
    pv->zVillage = v < 7 ? strdup(azOdd[v]) : dupf("中牟县刘集镇付李庄社区第%04d新型农村社区村", v);
    pv->zBranch = dupf("付李庄社区第%04d党支部第一党小组联合支部委员会", v);
    pv->revoked = v == 2;
    int nMem = v == 3 ? 0 : n <= 10 ? 20 + rnd(20) : 2 + rnd(4);
    int nAct = 3 + rnd(3), m0 = r.nMember;
    pv->nMembers = nMem;
    pv->nActivities = nAct;
    for (int m = 0; m < nMem; m++) {
      ReviewMember *pm = &r.aMember[r.nMember++];
      pm->iVillage = v;
      snprintf(pm->zMemberNo, sizeof pm->zMemberNo, "FL%04d%03d", v, m);
      pm->zName = m % 7 == 3 ? strdup("阿卜杜热合曼·买买提艾力·库尔班") : dupf("张%d", m);
      pm->zGroup = dupf("第%d组", m % 5 + 1);
      pm->onRosterAtEnd = m != 1;
      pm->approvedHours = rnd(9) / 2.0;
      pm->pendingHours = rnd(3) / 2.0;
      pv->approvedHours += pm->approvedHours;
      pv->pendingHours += pm->pendingHours;
    }
    for (int a = 0; a < nAct; a++) {
      ReviewActivity *pa = &r.aActivity[r.nActivity++];
      int k = rnd(6);
      pa->iVillage = v;
      snprintf(pa->zUuid, sizeof pa->zUuid, "00000000-0000-4000-8000-%012d", r.nActivity);
      snprintf(pa->zDay, sizeof pa->zDay, "2026-11-%02d", (1 + a * 7) % 30);
      snprintf(pa->zStart, sizeof pa->zStart, "%02d:30", (8 + a) % 24);
      snprintf(pa->zKind, sizeof pa->zKind, "%s", azKind[k]);
      char title[256];
      snprintf(title, sizeof title, "2026年11月%s：学习贯彻党的二十届三中全会精神暨冬季防火安全教育（第%d次）", azKind[k],
               a + 1);
      pa->zTitle = strdup(title);
      /* the last two members joined after the first activity */
      int exp = a == 0 && nMem > 2 ? nMem - 2 : nMem;
      int came = exp ? rnd(exp + 1) : 0, late = came ? rnd(came + 1) / 2 : 0;
      int leave = exp - came ? rnd(exp - came + 1) : 0;
      int shift = rnd(exp ? exp : 1);
      for (int j = 0; j < exp; j++) {
        ReviewCounts *c = &r.aMember[m0 + (j + shift) % exp].c;
        c->nExpected++;
        if (j < came) { c->nCame++; c->nLate += j < late; }
        else if (j < came + leave) c->nLeave++;
        else c->nAbsent++;
      }
      pa->c = (ReviewCounts){exp, came, late, leave, exp - came - leave};
      add(&pv->c, &pa->c);
      add(&r.aKind[k].c, &pa->c);
      r.aKind[k].nActivities++;
    }
    pv->nOffRoster = rnd(3);
    pv->rate = pv->c.nExpected ? (double)pv->c.nCame / pv->c.nExpected : 0;
    pv->hoursPerMember = nMem ? pv->approvedHours / nMem : 0;
    pv->score = pv->rate * 80 + (pv->hoursPerMember / 4 < 1 ? pv->hoursPerMember / 4 : 1) * 20;
    add(&r.total, &pv->c);
    r.totalApprovedHours += pv->approvedHours;
    r.totalPendingHours += pv->pendingHours;
  }
  for (int i = 0; i < r.nMember; i++)
    r.aMember[i].rate = r.aMember[i].c.nExpected ? (double)r.aMember[i].c.nCame / r.aMember[i].c.nExpected : 0;
  for (int k = 0; k < 6; k++)
    r.aKind[k].rate = r.aKind[k].c.nExpected ? (double)r.aKind[k].c.nCame / r.aKind[k].c.nExpected : 0;

  Config cfg;
  config_defaults(&cfg);
  char err[512];
  PrintFonts *f = print_fonts_open(&cfg, err, sizeof err);
  if (!f) { fprintf(stderr, "error: %s\n", err); return 1; }
  ReportOut o = {argv[2], argv[3], f};
  ReportFiles files;
  KrCode rc = report_book_write(&r, &o, &files, err, sizeof err);
  print_fonts_close(f);
  if (rc) { fprintf(stderr, "error: %s\n", err); return 1; }
  const ReviewCounts *t = &r.total;
  printf("book %s charts %d pages %d\n", files.zBook, files.nChart, files.nRatePage);
  printf("total expected %d came %d late %d leave %d absent %d rate %.17g approved %.17g\n", t->nExpected, t->nCame,
         t->nLate, t->nLeave, t->nAbsent, t->nExpected ? (double)t->nCame / t->nExpected : 0, r.totalApprovedHours);
  for (int v = 0; v < n; v++)
    printf("village %d rate %.17g hours %.17g score %.17g\n", v, r.aVillage[v].rate, r.aVillage[v].hoursPerMember,
           r.aVillage[v].score);
  for (int v = 0; v < n; v++) { free(r.aVillage[v].zVillage); free(r.aVillage[v].zBranch); }
  for (int i = 0; i < r.nMember; i++) { free(r.aMember[i].zName); free(r.aMember[i].zGroup); }
  for (int i = 0; i < r.nActivity; i++) free(r.aActivity[i].zTitle);
  free(r.aVillage);
  free(r.aKind);
  free(r.aMember);
  free(r.aActivity);
  return 0;
}
