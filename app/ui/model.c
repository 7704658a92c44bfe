/* model: see model.h. */
#include "model.h"
#include "result.h"
#include "strings.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void model_free(Model *m) {
  free(m->aMember);
  free(m->dupName);
  free(m->aVisible);
  free(m->att);
  free(m->aOpen);
  finder_free(m->finder);
  m->aMember = NULL, m->dupName = NULL, m->aVisible = NULL, m->att = NULL, m->aOpen = NULL, m->finder = NULL;
  m->nMember = m->nAtt = m->nOpen = m->nGroup = 0;
}

/* Groups in roster order, and which names two members share. */
static int find_groups(Model *m) {
  m->nGroup = 0;
  for (int i = 0; i < m->nMember; i++) {
    int have = 0;
    for (int g = 0; g < m->nGroup && !have; g++) have = !strcmp(m->azGroup[g], m->aMember[i].group);
    if (!have && m->nGroup < MAX_GROUPS) util_strlcpy(m->azGroup[m->nGroup++], m->aMember[i].group, 64);
  }
  m->dupName = calloc((size_t)(m->nMember ? m->nMember : 1), 1);
  m->aVisible = calloc((size_t)(m->nMember ? m->nMember : 1), sizeof(int));
  if (!m->dupName || !m->aVisible) return -1;
  for (int i = 0; i < m->nMember; i++)
    for (int j = i + 1; j < m->nMember; j++)
      if (!strcmp(m->aMember[i].name, m->aMember[j].name)) m->dupName[i] = m->dupName[j] = 1;
  return 0;
}

int model_reload_roster(Model *m, Db *db) {
  finder_free(m->finder);
  free(m->aMember);
  free(m->dupName);
  free(m->aVisible);
  m->finder = NULL, m->aMember = NULL, m->dupName = NULL, m->aVisible = NULL;
  m->nMember = m->nGroup = 0;
  m->rosterGen++;
  /* attendance rows are in the old roster's order: read them again too */
  free(m->att);
  m->att = NULL;
  m->nAtt = 0;
  int rc = roster_list(db, &m->aMember, &m->nMember) || find_groups(m) ||
           finder_build(&m->finder, m->aMember, m->nMember);
  if (rc) { /* nothing half-built: an empty roster, which the screens handle */
    finder_free(m->finder);
    m->finder = NULL;
    m->nMember = 0;
    if (!m->dupName) m->dupName = calloc(1, 1);
    if (!m->aVisible) m->aVisible = calloc(1, sizeof(int));
    return -1;
  }
  model_refresh_attendance(m, db);
  return 0;
}

void model_refresh_activity(Model *m, Db *db) {
  free(m->aOpen);
  m->aOpen = NULL;
  m->nOpen = 0;
  m->haveAct = 0;
  m->actState = ACT_NONE;
  if (checkin_open_activities(db, &m->aOpen, &m->nOpen)) return;
  if (m->nOpen) {
    m->act = m->aOpen[0];
    m->haveAct = 1;
    m->actState = m->nOpen == 1 ? ACT_OPEN : ACT_CHOOSE;
    return;
  }
  /* none open now: the next one today, or the last one that is over */
  char today[11];
  int64_t now = util_now();
  util_local_date(now, today);
  Activity *a;
  int n;
  if (activity_list(db, today, 0, &a, &n)) return;
  for (int i = 0; i < n && m->actState != ACT_NOT_YET; i++) {
    CheckinWindow w = checkin_window(db, &a[i], now, m->opensAt);
    m->act = a[i];
    m->haveAct = 1;
    m->actState = w == CHECKIN_NOT_YET ? ACT_NOT_YET : ACT_OVER;
  }
  free(a);
}

void model_refresh_attendance(Model *m, Db *db) {
  free(m->att);
  m->att = NULL;
  m->nAtt = 0;
  memset(&m->attCounts, 0, sizeof m->attCounts);
  if (m->haveAct && checkin_attendance(db, m->act.id, &m->att, &m->nAtt, &m->attCounts)) {
    m->att = NULL;
    m->nAtt = 0;
  }
}

void model_refresh_categories(Model *m, Db *db, const char *zDefault) {
  if (vol_categories(db, zDefault, &m->volCats)) m->volCats.n = 0;
}

void model_refresh_honour(Model *m, Db *db, int maxShiftHours) {
  vol_autoclose(db, util_now(), maxShiftHours, NULL);
  char today[11], month[8];
  util_local_date(util_now(), today);
  snprintf(month, sizeof month, "%.7s", today);
  if (vol_honour_board(db, month, m->aHonour, HONOUR_MAX, &m->nHonour)) m->nHonour = 0;
}

void model_sync_status(Db *db, char *z, size_t n, char *zErr, size_t nErr) {
  char at[32] = "", when[64];
  long long t = 0;
  if (sync_meta_get(db, "last_sync_at", at, sizeof at) == 1) t = strtoll(at, NULL, 10);
  if (sync_meta_get(db, "last_export_at", at, sizeof at) == 1 && strtoll(at, NULL, 10) > t) t = strtoll(at, NULL, 10);
  if (t) {
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    snprintf(when, sizeof when, "%d月%d日 %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
  } else util_strlcpy(when, str(S_SYNC_NEVER), sizeof when);
  snprintf(z, n, str(S_SYNC_STATUS_FMT), when, (long long)(db_last_seq(db) - sync_acked(db)));
  /* the words follow the last failure's code (lan_sync stores its name),
   * never its English message */
  char code[32];
  zErr[0] = 0;
  if (sync_meta_get(db, "last_sync_code", code, sizeof code) == 1 && code[0]) {
    StringId id = !strcmp(code, kr_name(KR_IO))                                                  ? S_SYNC_ERR_UNREACHABLE
                  : !strcmp(code, kr_name(KR_REFUSED)) || !strcmp(code, kr_name(KR_UNTRUSTED)) ? S_SYNC_ERR_REFUSED
                                                                                                 : S_SYNC_ERR_OTHER;
    snprintf(zErr, nErr, str(S_SYNC_ERR_FMT), str(id));
  }
}

static Uint32 gType;

Uint32 model_event_type(void) {
  /* first called on the UI thread (app_create) before any worker exists */
  if (!gType) {
    Uint32 t = SDL_RegisterEvents(1);
    gType = t == (Uint32)-1 ? SDL_USEREVENT + 2 : t;
  }
  return gType;
}

void model_post(ModelEvent code, void *p) {
  SDL_Event e;
  memset(&e, 0, sizeof e);
  e.type = model_event_type();
  e.user.code = (Sint32)code;
  e.user.data1 = p;
  if (SDL_PushEvent(&e) != 1) free(p); /* the queue is full or events are off: the change is still in the database */
}

void model_event_free(const SDL_Event *e) {
  if (e->type == model_event_type()) free(e->user.data1);
}
