/* roster: the village's members. Imported from CSV (UTF-8 with or without
 * BOM, or GBK as Excel saves it); an import is all-or-nothing. A changed
 * member becomes a new version; nobody is ever deleted (a member who leaves
 * is marked inactive). Only the personal data the job needs is kept: no ID
 * numbers, and only the last four digits of a phone. */
#ifndef KIOSK_ROSTER_H
#define KIOSK_ROSTER_H
#include "db.h"
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
 * On any bad row nothing is imported and zErr names the line. Returns 0 or -1. */
int roster_import_file(Db *db, const char *zPath, const char *zDefaultBranch,
                       RosterImportStats *pStats, char *zErr, int nErr);
/* The same over bytes already in memory (any supported encoding). */
int roster_import_bytes(Db *db, const char *z, size_t n, const char *zDefaultBranch,
                        RosterImportStats *pStats, char *zErr, int nErr);

/* The same inside a transaction the caller holds (a township package is
 * applied in one); on failure the caller rolls back. */
int roster_import_in_txn(Db *db, const char *z, size_t n, const char *zDefaultBranch, RosterImportStats *pStats,
                         char *zErr, int nErr);

/* All active members, grouped (groups in the order of their lowest member
 * number, since 第三组 sorts before 第二组 as text), then by member number. *ppOut is a new
 * array the caller frees with free(). Returns 0 or -1. */
int roster_list(Db *db, Member **ppOut, int *pn);
/* Looks up one member. Returns 0 found, 1 not found, -1 error. */
int roster_get(Db *db, const char *zMemberNo, Member *pOut);
#endif
