/* kioskctl: the secretary's and the developer's command line over the same
 * core, database and kiosk.conf as the touch UI. Messages are English; every
 * failure says what to do and leaves the database unchanged. */
#include "activity.h"
#include "backup.h"
#include "setup.h"
#include "admin.h"
#include "cards.h"
#include "sheet.h"
#include "keypair.h"
#include "qrcard.h"
#include "checkin.h"
#include "config.h"
#include "db.h"
#include "demo.h"
#include "notice.h"
#include "record.h"
#include "photo.h"
#include "roster.h"
#include "container.h"
#include "package.h"
#include "sync.h"
#include "export_xlsx.h"
#include "lansync.h"
#include "volunteer.h"
#include "util.h"
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *zUsage =
  "usage: kioskctl [--version] [--config FILE] [--db FILE] COMMAND ...\n"
  "  init                              create the database (and the kiosk's identity)\n"
  "  demo                              load the demo village 鲁庙村 (idempotent)\n"
  "  roster import FILE.csv            import members (UTF-8, UTF-8 with BOM, or GBK),\n"
  "                                    and their photos from photos/ beside it (LM0031.jpg)\n"
  "  roster list                       one member a line: number, name, group\n"
  "  activity add --kind K --title T --date YYYY-MM-DD --start HH:MM --end HH:MM [--location L]\n"
  "  activity list [--all]             today's and upcoming activities (--all: every one)\n"
  "  activity kinds                    the activity kinds\n"
  "  checkin MEMBER_NO [--activity ID] check a member in; prints the saved record\n"
  "  attendance [--activity ID]        who came, who was late, who is absent\n"
  "  admin set-pin [PIN]               set the 6-digit admin PIN (read from stdin when not given)\n"
  "  card issue MEMBER_NO              issue a QR member card (revokes the member's old one); prints its payload\n"
  "  card verify PAYLOAD               check a scanned payload; a refusal is recorded\n"
  "  cards --out FILE.pdf [--group G] [--member NO]...\n"
  "                                    print A4 sheets of QR member cards (8 a page, with cut marks)\n"
  "  sheet [--activity ID] --out FILE.pdf\n"
  "                                    a paper sign-in sheet (signature boxes, each member's QR) for when the kiosk is down\n"
  "  cards reissue MEMBER_NO [--out FILE.pdf]\n"
  "                                    a new card for a lost one; the old card is refused from now on\n"
  "  notice add FILE.md [--category C] [--pin] [--expires YYYY-MM-DD]\n"
  "                                    publish a notice (first line \"# 标题\"; images beside the file); C: 通知公告 (default),\n"
  "                                    党务公开, 村务公开 or 政策宣传 (or notice, party, village, policy)\n"
  "  notice list [--category C]        the notices shown today: pinned first, then the newest; views counted\n"
  "  volunteer log MEMBER_NO --category C --hours H [--date YYYY-MM-DD]\n"
  "                                    log volunteer hours (0.5-12 in steps of 0.5; today or up to 2 days back)\n"
  "  volunteer list [--pending] [--member NO]\n"
  "                                    volunteer entries, newest first, with their review status\n"
  "  volunteer approve ENTRY_ID        approve a pending entry\n"
  "  volunteer reject ENTRY_ID --reason R\n"
  "                                    reject an entry, with the reason\n"
  "  volunteer categories              the categories in force\n"
  "  record MEMBER_NO                  a member's year: attendance, volunteer hours, points and stars\n"
  "  pubkey --out kiosk.pub            write this kiosk's public key file, for the township to enrol\n"
  "  trust township.pub [--replace]    trust the township's key (done once, in person)\n"
  "  export --out DIR [--all] [--plain]\n"
  "                                    write a signed bundle, sealed to the township, of the records since the\n"
  "                                    township's last acknowledgement (--all: every record)\n"
  "  apply FILE                        apply a township acknowledgement (.ksa) or update package (.ksp)\n"
  "  sync-status                       acknowledged seq, last seq, package version, last export\n"
  "  sync [--hub URL]                  one push/pull cycle with the township's LAN hub ([sync] hub_url)\n"
  "  backup [--keep N]                 a copy of the database into backup/ beside it; keeps the newest N daily\n"
  "                                    copies (default 7)\n"
  "  restore FILE                      bring a copy back (stop the kiosk first); the current database is kept\n"
  "                                    as a copy, and a file that is not this kiosk's sound database is refused\n"
  "--config defaults to ./kiosk.conf; --db overrides the database named there.\n";

typedef struct {
  Config cfg;
  const char *zDb;
  int nPos;
  const char *azPos[8];
  const char *azOptName[64], *azOptVal[64];
  int nOpt;
} Args;

static const char *opt(const Args *a, const char *name) {
  for (int i = 0; i < a->nOpt; i++)
    if (!strcmp(a->azOptName[i], name)) return a->azOptVal[i] ? a->azOptVal[i] : "";
  return NULL;
}

/* Options that take no value. */
static int is_flag(const char *name) {
  return !strcmp(name, "all") || !strcmp(name, "help") || !strcmp(name, "pin") || !strcmp(name, "pending") ||
         !strcmp(name, "plain") || !strcmp(name, "replace");
}

static int parse_args(int argc, char **argv, Args *a) {
  const char *zConfig = "kiosk.conf";
  int explicitConfig = 0;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (!strcmp(s, "--version")) { printf("kioskctl %s\n", KIOSK_VERSION); exit(0); }
    if (!strncmp(s, "--", 2) && s[2]) {
      const char *name = s + 2, *val = NULL;
      char *eq = strchr(s, '=');
      static char names[64][32];
      if (a->nOpt == 64) { fprintf(stderr, "error: too many options\n"); return -1; }
      if (eq) { snprintf(names[a->nOpt], 32, "%.*s", (int)(eq - name), name); name = names[a->nOpt]; val = eq + 1; }
      else if (!is_flag(name)) {
        if (i + 1 >= argc) { fprintf(stderr, "error: --%s needs a value\n", name); return -1; }
        val = argv[++i];
      }
      if (!strcmp(name, "config")) { zConfig = val; explicitConfig = 1; continue; }
      if (!strcmp(name, "db")) { a->zDb = val; continue; }
      if (!strcmp(name, "help")) { fputs(zUsage, stdout); exit(0); }
      a->azOptName[a->nOpt] = name;
      a->azOptVal[a->nOpt++] = val;
    } else {
      if (a->nPos == 8) { fprintf(stderr, "error: too many arguments\n"); return -1; }
      a->azPos[a->nPos++] = s;
    }
  }
  char err[512];
  config_defaults(&a->cfg);
  if (config_load(&a->cfg, zConfig, !explicitConfig, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return -1; }
  config_apply_timezone(&a->cfg);
  if (!a->zDb) a->zDb = a->cfg.dbPath;
  if (setup_load_identity(&a->cfg, a->zDb, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return -1; }
  return 0;
}

static Db *open_db(Args *a) {
  Db *db;
  char err[512];
  if (db_open(a->zDb, a->cfg.kioskId, &db, err, sizeof err)) {
    fprintf(stderr, "error: %s\n", err);
    return NULL;
  }
  checkin_set_window(db, a->cfg.openBeforeMinutes, a->cfg.closeAfterMinutes);
  return db;
}

static void print_activity(const Activity *x) {
  printf("%-4lld %s %s-%s  %-6s  %s%s%s  [%s]\n", (long long)x->id, x->day, x->startHm, x->endHm, x->kind, x->title,
         x->location[0] ? " @ " : "", x->location, x->source);
}

static int pick_activity(Db *db, const Args *a, Activity *act) {
  const char *zId = opt(a, "activity");
  if (zId) {
    char *end;
    long long id = strtoll(zId, &end, 10);
    if (end == zId || *end || activity_get(db, id, act) != 0) {
      fprintf(stderr, "error: no activity with id %s (see: kioskctl activity list)\n", zId);
      return -1;
    }
    return 0;
  }
  KrCode rc = checkin_default_activity(db, act);
  if (rc == KR_NOT_FOUND) fprintf(stderr, "error: no activity today; add one with: kioskctl activity add ...\n");
  else if (rc == KR_REFUSED) fprintf(stderr, "error: several activities today and none under way; choose one with --activity ID\n");
  else if (rc) fprintf(stderr, "error: cannot read activities (%s)\n", kr_name(rc));
  return rc ? -1 : 0;
}

static int cmd_checkin(Db *db, Args *a) {
  if (a->nPos != 2) { fputs(zUsage, stderr); return 2; }
  Activity act;
  if (pick_activity(db, a, &act)) return 1;
  CheckinRecord r;
  char err[512];
  if (checkin_record(db, act.id, a->azPos[1], CHECKIN_METHOD_CLI, "kioskctl", &r, err, sizeof err)) {
    fprintf(stderr, "error: %s\n", err);
    return 1;
  }
  char day[11], hm[6];
  util_local_date(r.at, day);
  util_local_hm(r.at, hm);
  printf("%s: %s %s (%s) to activity %lld %s\n", r.outcome == CHECKIN_NEW ? "checked in" : "already checked in",
         r.member.memberNo, r.member.name, r.member.group, (long long)act.id, act.title);
  printf("  at %s %s  status %s  method %s\n  uuid %s  kiosk %s  seq %lld\n", day, hm, checkin_status_text(r.status), r.method, r.uuid,
         r.kioskId, (long long)r.seq);
  return 0;
}

static int cmd_attendance(Db *db, Args *a) {
  Activity act;
  if (pick_activity(db, a, &act)) return 1;
  AttendanceRow *rows;
  int n;
  AttendanceCounts c;
  if (checkin_attendance(db, act.id, &rows, &n, &c)) { fprintf(stderr, "error: cannot read attendance\n"); return 1; }
  print_activity(&act);
  for (int i = 0; i < n; i++) {
    char hm[6] = "";
    if (rows[i].at) util_local_hm(rows[i].at, hm);
    printf("%-10s %-24s %-8s %-7s %s\n", rows[i].member.memberNo, rows[i].member.name, rows[i].member.group,
           checkin_status_text(rows[i].status), hm);
  }
  printf("expected %d  present %d  late %d  leave %d  absent %d   (应到 %d 实到 %d 迟到 %d 请假 %d 未到 %d)\n",
         c.expected, c.present, c.late, c.leave, c.absent, c.expected, c.present + c.late, c.late, c.leave, c.absent);
  free(rows);
  return 0;
}

static int cmd_activity(Db *db, Args *a) {
  const char *sub = a->nPos > 1 ? a->azPos[1] : "list";
  char err[512];
  if (!strcmp(sub, "kinds")) {
    for (const char *const *k = activity_kinds(); *k; k++) puts(*k);
    return 0;
  }
  if (!strcmp(sub, "list")) {
    char today[11];
    util_local_date(util_now(), today);
    Activity *v;
    int n;
    if (activity_list(db, opt(a, "all") ? NULL : today, 1, &v, &n)) { fprintf(stderr, "error: cannot read activities\n"); return 1; }
    for (int i = 0; i < n; i++) print_activity(&v[i]);
    if (!n) fprintf(stderr, "no activities\n");
    free(v);
    return 0;
  }
  if (!strcmp(sub, "add")) {
    Activity in, out;
    memset(&in, 0, sizeof in);
    const char *k = opt(a, "kind"), *t = opt(a, "title"), *d = opt(a, "date"), *s = opt(a, "start"), *e = opt(a, "end");
    if (!k || !t || !d || !s || !e) {
      fprintf(stderr, "error: activity add needs --kind, --title, --date, --start and --end\n");
      return 2;
    }
    util_strlcpy(in.kind, k, sizeof in.kind);
    util_strlcpy(in.title, t, sizeof in.title);
    util_strlcpy(in.day, d, sizeof in.day);
    util_strlcpy(in.startHm, s, sizeof in.startHm);
    util_strlcpy(in.endHm, e, sizeof in.endHm);
    util_strlcpy(in.location, opt(a, "location") ? opt(a, "location") : "", sizeof in.location);
    if (activity_add(db, &in, &out, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return 1; }
    printf("added activity %lld\n", (long long)out.id);
    print_activity(&out);
    return 0;
  }
  fputs(zUsage, stderr);
  return 2;
}

static int cmd_admin(Db *db, Args *a) {
  const char *sub = a->nPos > 1 ? a->azPos[1] : "";
  if (strcmp(sub, "set-pin") || a->nPos > 3) { fputs(zUsage, stderr); return 2; }
  char pin[64] = "";
  if (a->nPos == 3) util_strlcpy(pin, a->azPos[2], sizeof pin);
  else if (fgets(pin, sizeof pin, stdin)) pin[strcspn(pin, "\r\n")] = 0;
  char err[256];
  if (admin_set_pin(db, pin, err, sizeof err)) { fprintf(stderr, "error: %s; the PIN was not changed\n", err); return 1; }
  printf("admin PIN set\n");
  return 0;
}

static int load_key(Args *a, KeyPair *kp) {
  char path[CONFIG_PATH_MAX + 16], err[512];
  int created;
  keypair_path(a->cfg.keyPath, a->zDb, path, sizeof path);
  if (keypair_load_or_create(path, kp, &created, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return -1; }
  if (created) fprintf(stderr, "created the kiosk key %s\n", path);
  return 0;
}

static int cmd_card(Db *db, Args *a) {
  const char *sub = a->nPos > 1 ? a->azPos[1] : "";
  if (a->nPos != 3 || (strcmp(sub, "issue") && strcmp(sub, "verify"))) { fputs(zUsage, stderr); return 2; }
  KeyPair kp;
  if (load_key(a, &kp)) return 1;
  char err[512];
  int rc = 0;
  if (!strcmp(sub, "issue")) {
    char payload[QRCARD_PAYLOAD_MAX];
    int serial;
    if (qrcard_issue(db, &kp, a->cfg.cardIssuer, a->azPos[2], payload, &serial, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      rc = 1;
    } else printf("%s\n", payload);
  } else {
    Member m;
    char no[24];
    QrCardResult r = qrcard_verify(db, kp.pk, a->cfg.cardIssuer, a->azPos[2], &m, no);
    if (r == QRCARD_OK) printf("valid card: %s %s (%s)\n", m.memberNo, m.name, m.group);
    else {
      qrcard_record_refusal(db, a->azPos[2], r, no);
      fprintf(stderr, "refused: %s\n", qrcard_reason_en(r));
      rc = 1;
    }
  }
  keypair_wipe(&kp);
  return rc;
}

/* Prints cards for the chosen members: all, a group (its name or its
 * number in roster order), or those named by --member. */
static int cmd_cards(Db *db, Args *a) {
  const char *zOut = opt(a, "out"), *zGroup = opt(a, "group");
  int reissue = a->nPos >= 2 && !strcmp(a->azPos[1], "reissue");
  if ((reissue && a->nPos != 3) || (!reissue && a->nPos != 1) || (!reissue && !zOut)) {
    fputs(zUsage, stderr);
    return 2;
  }
  KeyPair kp;
  if (load_key(a, &kp)) return 1;
  Member *m;
  int n, rc = 0;
  if (roster_list(db, &m, &n)) { fprintf(stderr, "error: cannot read the roster\n"); keypair_wipe(&kp); return 1; }
  CardItem *items = calloc((size_t)(n ? n : 1), sizeof *items);
  int k = 0;
  char err[512];
  /* the group: a name, or a number counting groups in roster order */
  char group[64] = "";
  if (zGroup) {
    util_strlcpy(group, zGroup, sizeof group);
    int want = atoi(zGroup), seen = 0;
    for (int i = 0; want > 0 && i < n; i++)
      if (i == 0 || strcmp(m[i].group, m[i - 1].group))
        if (++seen == want) util_strlcpy(group, m[i].group, sizeof group);
  }
  for (int i = 0; items && i < n && rc == 0; i++) {
    int want = !zGroup || !strcmp(m[i].group, group);
    int named = 0, anyNamed = 0;
    for (int o = 0; o < a->nOpt; o++)
      if (!strcmp(a->azOptName[o], "member")) { anyNamed = 1; named |= !strcmp(a->azOptVal[o], m[i].memberNo); }
    if (reissue) want = !strcmp(a->azPos[2], m[i].memberNo);
    else if (anyNamed) want = named && want;
    if (!want) continue;
    int issued = 0, serial;
    items[k].member = m[i];
    if (reissue) rc = qrcard_issue(db, &kp, a->cfg.cardIssuer, m[i].memberNo, items[k].payload, &serial, err, sizeof err);
    else rc = qrcard_current(db, &kp, a->cfg.cardIssuer, m[i].memberNo, items[k].payload, &issued, err, sizeof err);
    if (rc) fprintf(stderr, "error: %s\n", err);
    else if (reissue) printf("reissued card %d for %s %s; the old card is revoked\n%s\n", serial, m[i].memberNo,
                             m[i].name, items[k].payload);
    k++;
  }
  keypair_wipe(&kp);
  if (!rc && !k) {
    fprintf(stderr, "error: no such member%s\n", zGroup ? " in that group" : "");
    rc = 1;
  }
  if (!rc && zOut) {
    if (cards_pdf(zOut, items, k, &a->cfg, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); rc = 1; }
    else printf("wrote %d cards on %d pages to %s\n", k, (k + CARDS_PER_PAGE - 1) / CARDS_PER_PAGE, zOut);
  }
  free(items);
  free(m);
  return rc ? 1 : 0;
}

static int cmd_sheet(Db *db, Args *a) {
  const char *zOut = opt(a, "out");
  if (!zOut || a->nPos != 1) { fputs(zUsage, stderr); return 2; }
  Activity act;
  if (pick_activity(db, a, &act)) return 1;
  KeyPair kp;
  if (load_key(a, &kp)) return 1;
  Member *m;
  int n, rc = 0;
  char err[512];
  if (roster_list(db, &m, &n)) { fprintf(stderr, "error: cannot read the roster\n"); keypair_wipe(&kp); return 1; }
  CardItem *items = calloc((size_t)(n ? n : 1), sizeof *items);
  for (int i = 0; items && i < n && !rc; i++) {
    int issued;
    items[i].member = m[i];
    rc = qrcard_current(db, &kp, a->cfg.cardIssuer, m[i].memberNo, items[i].payload, &issued, err, sizeof err);
  }
  keypair_wipe(&kp);
  if (!items || rc || sheet_pdf(zOut, &act, items, n, &a->cfg, err, sizeof err)) {
    fprintf(stderr, "error: %s\n", items ? err : "out of memory");
    rc = 1;
  } else printf("wrote the sign-in sheet for activity %lld (%d members, %d pages) to %s\n", (long long)act.id, n,
                (n + SHEET_ROWS_PER_PAGE - 1) / SHEET_ROWS_PER_PAGE, zOut);
  free(items);
  free(m);
  return rc;
}

/* Members' photos from the folder "photos" beside the roster CSV zCsv, if
 * there is one (named by member number: photos/LM0031.jpg). Returns the
 * exit status: 0, or 1 when the folder was refused (the roster stays
 * imported; nothing of the folder is stored). */
static int import_photos_beside(Db *db, const char *zCsv) {
  char dir[4096];
  const char *slash = strrchr(zCsv, '/');
  if (slash) snprintf(dir, sizeof dir, "%.*s/photos", (int)(slash - zCsv), zCsv);
  else snprintf(dir, sizeof dir, "photos");
  struct stat st;
  if (stat(dir, &st) || !S_ISDIR(st.st_mode)) return 0;
  PhotoStats ps;
  char err[512];
  if (photo_import_dir(db, dir, &ps, err, sizeof err)) {
    fprintf(stderr, "error: photos: %s\nNo photo was imported (the roster was).\n", err);
    return 1;
  }
  printf("photos from %s: %d stored, %d unchanged, %d other files ignored\n", dir, ps.stored, ps.unchanged, ps.ignored);
  return 0;
}

static int cmd_roster(Db *db, Args *a) {
  const char *sub = a->nPos > 1 ? a->azPos[1] : "";
  if (!strcmp(sub, "list")) {
    Member *m;
    int n;
    if (roster_list(db, &m, &n)) { fprintf(stderr, "error: cannot read the roster\n"); return 1; }
    for (int i = 0; i < n; i++) printf("%s\t%s\t%s\n", m[i].memberNo, m[i].name, m[i].group);
    free(m);
    return 0;
  }
  if (!strcmp(sub, "import") && a->nPos == 3) {
    RosterImportStats st;
    char err[512];
    if (roster_import_file(db, a->azPos[2], a->cfg.branch, &st, err, sizeof err)) {
      fprintf(stderr, "error: %s: %s\nNothing was imported.\n", a->azPos[2], err);
      return 1;
    }
    printf("imported %s: %d added, %d updated, %d unchanged\n", a->azPos[2], st.added, st.updated, st.unchanged);
    return import_photos_beside(db, a->azPos[2]);
  }
  fputs(zUsage, stderr);
  return 2;
}

static int cmd_notice(Db *db, Args *a) {
  const char *sub = a->nPos > 1 ? a->azPos[1] : "";
  const char *zCat = opt(a, "category");
  NoticeCategory c = NOTICE_CAT_NOTICE;
  if (zCat && notice_category_parse(zCat, &c)) {
    fprintf(stderr, "error: unknown category \"%s\": use 通知公告, 党务公开, 村务公开 or 政策宣传\n", zCat);
    return 2;
  }
  int cat = zCat ? (int)c : -1; /* notice_list: -1 for every category */
  char err[512], today[11];
  util_local_date(util_now(), today);
  if (!strcmp(sub, "add") && a->nPos == 3) {
    NoticeInfo n;
    if (notice_add_file(db, a->azPos[2], c, opt(a, "pin") != NULL,
                        opt(a, "expires"), "village", &n, err, sizeof err)) {
      fprintf(stderr, "error: %s\nNothing was published.\n", err);
      return 1;
    }
    printf("published %lld %s [%s]%s%s%s uuid %s\n", (long long)n.id, n.title, notice_category_code(n.category),
           n.pinned ? " pinned" : "", n.expires[0] ? " until " : "", n.expires, n.uuid);
    return 0;
  }
  if (!strcmp(sub, "list")) {
    NoticeInfo *v;
    int n;
    if (notice_list(db, cat, today, &v, &n)) { fprintf(stderr, "error: cannot read notices\n"); return 1; }
    for (int i = 0; i < n; i++)
      printf("%-4lld %s %-8s %-8s %s%s  views %d%s\n", (long long)v[i].id, v[i].published,
             notice_category_code(v[i].category), v[i].source, v[i].pinned ? "[pinned] " : "", v[i].title, v[i].views,
             v[i].expires[0] ? "" : "");
    if (!n) fprintf(stderr, "no notices\n");
    free(v);
    return 0;
  }
  fputs(zUsage, stderr);
  return 2;
}

/* "2.5" -> 5 half hours; -1 when not a multiple of 0.5. */
static int parse_hours(const char *z) {
  if (!z) return -1;
  char *end;
  double h = strtod(z, &end);
  if (end == z || *end) return -1;
  double half = h * 2;
  int i = (int)(half + 0.5);
  return half - i > 1e-9 || i - half > 1e-9 ? -1 : i;
}

static const char *status_en(VolStatus s) {
  return s == VOL_APPROVED ? "approved" : s == VOL_REJECTED ? "rejected" : "pending";
}

static int cmd_volunteer(Db *db, Args *a) {
  const char *sub = a->nPos > 1 ? a->azPos[1] : "";
  char err[512], hours[8];
  vol_autoclose(db, util_now(), a->cfg.maxShiftHours, NULL);
  if (!strcmp(sub, "categories")) {
    VolCategories c;
    if (vol_categories(db, a->cfg.volCategories, &c)) { fprintf(stderr, "error: no categories\n"); return 1; }
    for (int i = 0; i < c.n; i++) puts(c.a[i]);
    return 0;
  }
  if (!strcmp(sub, "log") && a->nPos == 3) {
    const char *zCat = opt(a, "category");
    int half = parse_hours(opt(a, "hours"));
    VolCategories c;
    int known = 0;
    if (!zCat || vol_categories(db, a->cfg.volCategories, &c)) { fprintf(stderr, "error: --category is required\n"); return 2; }
    for (int i = 0; i < c.n; i++) known |= !strcmp(c.a[i], zCat);
    if (!known) { fprintf(stderr, "error: unknown category \"%s\" (see: kioskctl volunteer categories)\n", zCat); return 2; }
    if (half < 0) { fprintf(stderr, "error: --hours must be a number of hours in steps of 0.5, e.g. 2.5\n"); return 2; }
    char today[11];
    util_local_date(util_now(), today);
    VolEntry e;
    if (vol_log(db, a->azPos[2], zCat, opt(a, "date") ? opt(a, "date") : today, half, "cli", &e, err, sizeof err)) {
      fprintf(stderr, "error: %s\nNothing was saved.\n", err);
      return 1;
    }
    vol_half_text(e.half, hours);
    printf("logged entry %lld: %s %s %s %s h, %s; uuid %s kiosk %s\n", (long long)e.id, e.memberNo, e.name, e.category,
           hours, status_en(e.status), e.uuid, db_kiosk_id(db));
    return 0;
  }
  if (!strcmp(sub, "list")) {
    VolEntry *v;
    int n;
    if (vol_entries(db, opt(a, "member"), opt(a, "pending") != NULL, &v, &n)) {
      fprintf(stderr, "error: cannot read volunteer entries\n");
      return 1;
    }
    for (int i = 0; i < n; i++) {
      vol_half_text(v[i].half, hours);
      printf("%-5lld %s %-8s %-12s %-10s %5s h  %-8s %s%s%s\n", (long long)v[i].id, v[i].day, v[i].memberNo, v[i].name,
             v[i].category, hours, status_en(v[i].status), v[i].method, v[i].flag[0] ? " auto-closed" : "",
             v[i].reason[0] ? "" : "");
      if (v[i].reason[0]) printf("      reason: %s\n", v[i].reason);
    }
    if (!n) fprintf(stderr, "no entries\n");
    free(v);
    return 0;
  }
  if ((!strcmp(sub, "approve") || !strcmp(sub, "reject")) && a->nPos == 3) {
    char *end;
    long long id = strtoll(a->azPos[2], &end, 10);
    if (end == a->azPos[2] || *end) { fprintf(stderr, "error: ENTRY_ID must be a number (see: volunteer list)\n"); return 2; }
    int approve = !strcmp(sub, "approve");
    if (vol_review(db, id, approve ? VOL_APPROVED : VOL_REJECTED, opt(a, "reason"), "kioskctl", err, sizeof err)) {
      fprintf(stderr, "error: %s%s\n", err, approve ? "" : " (use --reason)");
      return 1;
    }
    printf("entry %lld %s\n", id, approve ? "approved" : "rejected");
    return 0;
  }
  fputs(zUsage, stderr);
  return 2;
}

static int cmd_record(Db *db, Args *a) {
  if (a->nPos != 2) { fputs(zUsage, stderr); return 2; }
  Member m;
  if (roster_get(db, a->azPos[1], &m) != 0) { fprintf(stderr, "error: no member %s\n", a->azPos[1]); return 1; }
  RatingRules rules;
  rating_rules(db, &a->cfg.rating, &rules);
  MemberRecord r;
  if (record_member(db, m.memberNo, &rules, util_now(), &r)) { fprintf(stderr, "error: cannot read the record\n"); return 1; }
  char ap[8], pe[8];
  vol_half_text(r.approvedHalf, ap);
  vol_half_text(r.pendingHalf, pe);
  printf("%s %s %s, %d\n", m.memberNo, m.name, m.group, r.year);
  printf("activities: attended %d of %d held (%d%%), late %d, leave %d\n", r.attended, r.held, r.ratePct, r.late,
         r.leave);
  printf("volunteer hours: %s approved, %s pending\n", ap, pe);
  printf("points %d, stars %d of %d\n", r.points, r.stars, RATING_STARS);
  return 0;
}

static int cmd_sync(Db *db, Args *a, const char *cmd) {
  char err[512];
  if (!strcmp(cmd, "pubkey") || !strcmp(cmd, "export")) {
    const char *out = opt(a, "out");
    if (!out) { fprintf(stderr, "error: --out is required\n"); return 2; }
    KeyPair kp;
    if (load_key(a, &kp)) return 1;
    int rc;
    if (!strcmp(cmd, "pubkey")) {
      rc = sync_write_pubkey(db, &kp, &a->cfg, out, err, sizeof err);
      if (!rc) printf("wrote %s (kiosk %s)\n", out, db_kiosk_id(db));
    } else {
      SyncExport e;
      rc = sync_export(db, &kp, &a->cfg, opt(a, "all") != NULL, opt(a, "plain") != NULL, out, &e, err, sizeof err);
      if (!rc)
        printf("exported %d records (seq %lld-%lld) to %s, %zu bytes, %s\n", e.records, (long long)e.seqFrom,
               (long long)e.seqTo, e.path, e.bytes, e.sealed ? "signed and sealed to the township" : "signed, not sealed");
      char xlsx[1400];
      if (!rc && !(rc = export_xlsx(db, &a->cfg, out, xlsx, sizeof xlsx, err, sizeof err)))
        printf("and this month's attendance and volunteer hours to %s\n", xlsx);
    }
    keypair_wipe(&kp);
    if (rc) { fprintf(stderr, "error: %s\n", err); return 1; }
    return 0;
  }
  if (!strcmp(cmd, "trust")) {
    if (a->nPos != 2) { fputs(zUsage, stderr); return 2; }
    if (sync_trust(db, a->azPos[1], opt(a, "replace") != NULL, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); return 1; }
    char id[41];
    unsigned char pk[32];
    sync_township(db, id, pk);
    printf("trusting township %s\n", id);
    return 0;
  }
  if (!strcmp(cmd, "apply")) {
    if (a->nPos != 2) { fputs(zUsage, stderr); return 2; }
    SyncApplied r;
    if (sync_apply_file(db, a->azPos[1], &r, err, sizeof err)) {
      fprintf(stderr, "error: %s: %s\nNothing was changed.\n", a->azPos[1], err);
      return 1;
    }
    if (r.kind == CONTAINER_ACK)
      printf("acknowledged up to seq %lld (was %lld)\n", (long long)r.acked, (long long)r.ackedBefore);
    else
      printf("applied package version %lld: %d notices, %d members, %d calendar entries%s%s\n", (long long)r.version,
             r.notices, r.members, r.activities, r.categories ? ", volunteer categories" : "",
             r.rating ? ", rating rules" : "");
    return 0;
  }
  if (!strcmp(cmd, "sync")) {
    const char *hub = opt(a, "hub") ? opt(a, "hub") : a->cfg.hubUrl;
    if (!hub[0]) { fprintf(stderr, "error: no hub: set [sync] hub_url in kiosk.conf or give --hub URL\n"); return 2; }
    KeyPair kp;
    if (load_key(a, &kp)) return 1;
    LanResult r;
    int rc = lan_sync(db, &kp, &a->cfg, hub, &r, err, sizeof err);
    keypair_wipe(&kp);
    if (rc) {
      fprintf(stderr, "error: %s\n", err);
      return 1;
    }
    printf("pushed %d records; acknowledged up to seq %lld (was %lld); %s\n", r.records, (long long)r.acked,
           (long long)r.ackedBefore, r.package ? "applied a new package" : "no new package");
    if (r.package) printf("package version %lld\n", (long long)r.package);
    return 0;
  }
  /* sync-status */
  char last[32] = "", at[32] = "", when[32] = "never";
  if (sync_meta_get(db, "last_export_at", at, sizeof at) == 1 && at[0]) {
    time_t tt = (time_t)strtoll(at, NULL, 10);
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
  }
  snprintf(last, sizeof last, "%lld", (long long)db_last_seq(db));
  printf("kiosk %s: last seq %s, acknowledged %lld, package version %lld, last export %s\n", db_kiosk_id(db), last,
         (long long)sync_acked(db), (long long)package_version(db), when);
  return 0;
}

/* backup [--keep N] / restore FILE. Restore reopens *pDb (an older copy
 * is migrated then). */
static int cmd_backup(Db **pDb, Args *a, const char *cmd) {
  char dir[1024], path[1200], err[512];
  backup_dir_for(a->zDb, dir, sizeof dir);
  if (!strcmp(cmd, "backup")) {
    const char *zKeep = opt(a, "keep");
    char *end = NULL;
    long keep = zKeep ? strtol(zKeep, &end, 10) : 7;
    if (a->nPos != 1 || (zKeep && (end == zKeep || *end || keep < 1 || keep > 1000))) {
      fprintf(stderr, "error: usage: backup [--keep N], N from 1 to 1000\n");
      return 2;
    }
    int removed;
    if (backup_make(db_handle(*pDb), dir, "daily", path, sizeof path, err, sizeof err) ||
        backup_prune(dir, "daily", (int)keep, &removed, err, sizeof err)) {
      fprintf(stderr, "error: %s\n", err);
      return 1;
    }
    printf("backed up to %s; %d older daily copies removed, the newest %ld kept\n", path, removed, keep);
    return 0;
  }
  if (a->nPos != 2) { fputs(zUsage, stderr); return 2; }
  KrCode rc = backup_restore(*pDb, a->azPos[1], dir, path, sizeof path, err, sizeof err);
  if (rc) {
    fprintf(stderr, "error: %s\nNothing was changed.\n", err);
    return 1;
  }
  db_close(*pDb);
  *pDb = open_db(a);
  if (!*pDb) return 1;
  printf("restored %s (schema %d now, last seq %lld); the database it replaced is kept as %s\n", a->azPos[1],
         db_schema_version(*pDb), (long long)db_last_seq(*pDb), path);
  return 0;
}

int main(int argc, char **argv) {
  Args a;
  memset(&a, 0, sizeof a);
  if (parse_args(argc, argv, &a)) return 2;
  if (a.nPos == 0) { fputs(zUsage, stderr); return 2; }
  const char *cmd = a.azPos[0];
  if (strcmp(cmd, "init") && strcmp(cmd, "demo") && strcmp(cmd, "roster") && strcmp(cmd, "activity") &&
      strcmp(cmd, "checkin") && strcmp(cmd, "attendance") && strcmp(cmd, "admin") &&
      strcmp(cmd, "card") && strcmp(cmd, "cards") && strcmp(cmd, "sheet") && strcmp(cmd, "notice") &&
      strcmp(cmd, "volunteer") && strcmp(cmd, "record") && strcmp(cmd, "pubkey") && strcmp(cmd, "trust") &&
      strcmp(cmd, "export") && strcmp(cmd, "apply") && strcmp(cmd, "sync-status") && strcmp(cmd, "sync") &&
      strcmp(cmd, "backup") && strcmp(cmd, "restore")) {
    fprintf(stderr, "error: unknown command \"%s\"\n%s", cmd, zUsage);
    return 2;
  }
  Db *db = open_db(&a);
  if (!db) return 1;
  int rc = 0;
  if (!strcmp(cmd, "init")) {
    KeyPair kp;
    if (load_key(&a, &kp)) { db_close(db); return 1; }
    char hex[65];
    keypair_pk_hex(&kp, hex);
    keypair_wipe(&kp);
    printf("kiosk public key %s\n", hex);
    printf("database %s ready: schema %d, kiosk %s, %d members\n", a.zDb, db_schema_version(db), db_kiosk_id(db),
           db_member_count(db));
  } else if (!strcmp(cmd, "demo")) {
    DemoStats st;
    char err[512];
    if (demo_load(db, &a.cfg, &st, err, sizeof err)) { fprintf(stderr, "error: %s\n", err); rc = 1; }
    else printf("demo village %s: %d members added, %d updated, %d activities added\n", a.cfg.village,
                st.membersAdded, st.membersUpdated, st.activitiesAdded);
  } else if (!strcmp(cmd, "roster")) rc = cmd_roster(db, &a);
  else if (!strcmp(cmd, "activity")) rc = cmd_activity(db, &a);
  else if (!strcmp(cmd, "checkin")) rc = cmd_checkin(db, &a);
  else if (!strcmp(cmd, "admin")) rc = cmd_admin(db, &a);
  else if (!strcmp(cmd, "card")) rc = cmd_card(db, &a);
  else if (!strcmp(cmd, "cards")) rc = cmd_cards(db, &a);
  else if (!strcmp(cmd, "sheet")) rc = cmd_sheet(db, &a);
  else if (!strcmp(cmd, "notice")) rc = cmd_notice(db, &a);
  else if (!strcmp(cmd, "volunteer")) rc = cmd_volunteer(db, &a);
  else if (!strcmp(cmd, "record")) rc = cmd_record(db, &a);
  else if (!strcmp(cmd, "backup") || !strcmp(cmd, "restore")) rc = cmd_backup(&db, &a, cmd);
  else if (!strcmp(cmd, "pubkey") || !strcmp(cmd, "trust") || !strcmp(cmd, "export") || !strcmp(cmd, "apply") ||
           !strcmp(cmd, "sync-status") || !strcmp(cmd, "sync"))
    rc = cmd_sync(db, &a, cmd);
  else rc = cmd_attendance(db, &a);
  db_close(db);
  return rc;
}
