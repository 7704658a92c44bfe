/* roster: the village's members. Imported from CSV (UTF-8 with or without
 * BOM, or GBK as Excel saves it); an import is all-or-nothing. A changed
 * member becomes a new version; nobody is ever deleted (a member who leaves
 * is marked inactive). Only the personal data the job needs is kept: no ID
 * numbers, and only the last four digits of a phone. */
#ifndef KIOSK_ROSTER_H
#define KIOSK_ROSTER_H
#include "db.h"
#include "result.h"
#include <stddef.h>

#define MEMBER_NAME_MAX_CHARS 25

typedef struct {
  char memberNo[24];
  char name[128];   /* up to 25 characters, each up to 4 UTF-8 bytes */
  char group[64];
  char branch[96];
  char phone4[8];
  int birthYear;    /* 0 when unknown */
  int active;
  int honour;       /* 1: may appear on the honour board (光荣榜); 0: opted out */
} Member;

typedef struct {
  int added, updated, unchanged;
} RosterImportStats;

/* Imports a CSV file. zDefaultBranch fills rows without a branch column.
 * The bytes are decoded by input_decode (UTF-8 or whole-file GBK; NUL,
 * control bytes and damaged UTF-8 refused). On any bad row nothing is
 * imported and zErr names the line, quoting at most a short prefix of the
 * bad field. Returns KR_OK; KR_IO (unreadable), KR_MALFORMED (bad bytes),
 * KR_BAD_INPUT (a bad row), KR_NOMEM, or a database code. */
KrCode roster_import_file(Db *db, const char *zPath, const char *zDefaultBranch,
                          RosterImportStats *pStats, char *zErr, int nErr);
/* The same over bytes already in memory (any supported encoding). */
KrCode roster_import_bytes(Db *db, const char *z, size_t n, const char *zDefaultBranch,
                           RosterImportStats *pStats, char *zErr, int nErr);

/* The same inside a transaction the caller holds (a township package is
 * applied in one); on failure the caller rolls back. */
KrCode roster_import_in_txn(Db *db, const char *z, size_t n, const char *zDefaultBranch, RosterImportStats *pStats,
                            char *zErr, int nErr);

/* All active members, grouped (groups in the order of their lowest member
 * number, since 第三组 sorts before 第二组 as text), then by member number. *ppOut is a new
 * array the caller frees with free(). Returns KR_OK or a database code. */
KrCode roster_list(Db *db, Member **ppOut, int *pn);
/* Looks up one member. Returns KR_OK (found), KR_NOT_FOUND, or a database
 * code. */
KrCode roster_get(Db *db, const char *zMemberNo, Member *pOut);
#endif
