/* privfile: see privfile.h. New files are made with O_EXCL (mkstemp,
 * mkdtemp), and modes are checked with AT_SYMLINK_NOFOLLOW, so a planted
 * symlink is refused rather than followed. */
#include "privfile.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

KrCode priv_dir_in(const char *zParent, char *zDir, size_t nDir, char *zErr, int nErr) {
  int n = snprintf(zDir, nDir, "%s%s" PRIV_DIR_PREFIX "XXXXXX", zParent, zParent[0] && zParent[strlen(zParent) - 1] == '/' ? "" : "/");
  if (!zParent[0]) n = snprintf(zDir, nDir, PRIV_DIR_PREFIX "XXXXXX");
  if (n < 0 || (size_t)n >= nDir) { snprintf(zErr, nErr, "the path %s is too long", zParent); return KR_IO; }
  if (!mkdtemp(zDir)) {
    snprintf(zErr, nErr, "cannot create a private directory in %s: %s", zParent[0] ? zParent : ".", strerror(errno));
    return KR_IO;
  }
  return KR_OK;
}

KrCode priv_dir_beside(const char *zDest, char *zDir, size_t nDir, char *zErr, int nErr) {
  char parent[4096];
  const char *slash = strrchr(zDest, '/');
  if (!slash) parent[0] = 0;
  else if (slash == zDest) util_strlcpy(parent, "/", sizeof parent);
  else if ((size_t)(slash - zDest) >= sizeof parent) { snprintf(zErr, nErr, "the path %s is too long", zDest); return KR_IO; }
  else snprintf(parent, sizeof parent, "%.*s", (int)(slash - zDest), zDest);
  return priv_dir_in(parent, zDir, nDir, zErr, nErr);
}

KrCode priv_dir_scratch(char *zDir, size_t nDir, char *zErr, int nErr) {
  const char *zTmp = getenv("TMPDIR");
  return priv_dir_in(zTmp && zTmp[0] == '/' ? zTmp : "/tmp", zDir, nDir, zErr, nErr);
}

KrCode priv_temp(const char *zDir, const char *zStem, mode_t mode, char *zPath, size_t nPath, int *pFd, char *zErr,
                 int nErr) {
  *pFd = -1;
  int n = snprintf(zPath, nPath, "%s/%s-XXXXXX", zDir, zStem);
  if (n < 0 || (size_t)n >= nPath) { snprintf(zErr, nErr, "the path %s is too long", zDir); return KR_IO; }
  int fd = mkstemp(zPath);
  if (fd < 0) { snprintf(zErr, nErr, "cannot create a file in %s: %s", zDir, strerror(errno)); return KR_IO; }
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  /* mkstemp made it 0600; widen only as asked (a FAT stick may refuse: it has no modes to keep) */
  if ((mode & 07777) != 0600) (void)fchmod(fd, mode & 07777);
  *pFd = fd;
  return KR_OK;
}

void priv_dir_remove(const char *zDir) {
  int dfd = open(zDir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd >= 0) {
    DIR *d = fdopendir(dfd);
    if (d) {
      struct dirent *e;
      while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) unlinkat(dfd, e->d_name, 0);
      closedir(d); /* closes dfd */
    } else close(dfd);
  }
  rmdir(zDir);
}

/* priv_tighten; follow: a symlink is followed (a database the keeper
 * placed elsewhere on purpose) rather than refused. By path, never by
 * opening the file: closing any descriptor of a file drops every POSIX lock
 * this process holds on it, and SQLite's locks on an open database (a
 * second connection, the UI's worker, calls this too) must survive. */
static KrCode tighten(const char *zPath, mode_t mode, int follow, char *zErr, int nErr) {
  struct stat st;
  int flag = follow ? 0 : AT_SYMLINK_NOFOLLOW;
  if (fstatat(AT_FDCWD, zPath, &st, flag)) {
    if (errno == ENOENT) return KR_OK;
    snprintf(zErr, nErr, "cannot check the permissions of %s: %s", zPath, strerror(errno));
    return KR_IO;
  }
  if (S_ISLNK(st.st_mode)) {
    snprintf(zErr, nErr, "cannot check the permissions of %s: it is a symbolic link", zPath);
    return KR_IO;
  }
  if (!S_ISREG(st.st_mode)) {
    snprintf(zErr, nErr, "%s is not a regular file", zPath);
    return KR_IO;
  }
  if ((st.st_mode & 07777 & ~mode) && fchmodat(AT_FDCWD, zPath, st.st_mode & mode & 07777, flag)) {
    snprintf(zErr, nErr, "cannot make %s private (chmod %o): %s", zPath, (unsigned)mode, strerror(errno));
    return KR_IO;
  }
  return KR_OK;
}

KrCode priv_tighten(const char *zPath, mode_t mode, char *zErr, int nErr) { return tighten(zPath, mode, 0, zErr, nErr); }

KrCode priv_db_files(const char *zPath, char *zErr, int nErr) {
  if (!strcmp(zPath, ":memory:") || !zPath[0]) return KR_OK;
  int fd = open(zPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, PRIV_MODE_DB);
  if (fd >= 0) close(fd); /* a new, empty file: SQLite makes it a database */
  else if (errno != EEXIST) {
    snprintf(zErr, nErr, "cannot create %s: %s", zPath, strerror(errno));
    return KR_IO;
  }
  static const char *const azSuffix[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof azSuffix / sizeof azSuffix[0]; i++) {
    char path[4200];
    if (snprintf(path, sizeof path, "%s%s", zPath, azSuffix[i]) >= (int)sizeof path) {
      snprintf(zErr, nErr, "the path %s is too long", zPath);
      return KR_IO;
    }
    KrCode rc = tighten(path, PRIV_MODE_DB, 1, zErr, nErr);
    if (rc) return rc;
  }
  return KR_OK;
}
