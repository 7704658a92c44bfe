/* hub: `township serve`, the LAN hub. Kiosks push bundles and pull
 * acknowledgements and packages (lansync.h has the protocol, lanhub.h the
 * decision on a request head).
 *
 * It must stay up when one host on the LAN, or many, misbehave:
 *  - Every request is authenticated from its head alone (enrolled,
 *    unrevoked kiosk; time within 5 minutes; a signature over method, the
 *    whole target with its query, time, nonce and the body's hash, sent in
 *    X-Body-Hash; an unused nonce) before one byte of its body is taken. A
 *    refusal is queued at once and libmicrohttpd then closes the connection
 *    without reading the body (and never sends "100 Continue").
 *  - An accepted body streams to a private temporary file (mkstemp in
 *    hub-tmp/, 0700, next to township.db; unlinked at once) while it is
 *    hashed, so memory stays bounded whatever clients send. The hash must
 *    be the signed one before anything is read back; a bundle is then
 *    mapped read-only, and must be signed by the kiosk that sent it
 *    (KR_WRONG_KIOSK otherwise) before township_import sees it.
 *  - Each connection's request head must be complete within HEAD_SECONDS of
 *    the accept (or of the end of the previous request on a kept-alive
 *    connection); a body must arrive at MIN_RATE bytes a second on average
 *    after BODY_GRACE seconds; a reply must be taken within REPLY_GRACE
 *    seconds plus its size at MIN_RATE. A connection over its deadline is
 *    cut. At most PER_IP connections from one address, at most
 *    MAX_CONNECTIONS in all (RLIMIT_NOFILE is raised to fit), polled with
 *    epoll.
 *  - Log lines a flood could repeat (refusals, cuts, MHD's complaints) are
 *    rate-limited, the lines held back counted, so the log cannot fill
 *    the disk either.
 *
 * Why libmicrohttpd and our own accounting rather than an epoll server of
 * our own: MHD parses HTTP (request line, headers, Content-Length, chunked,
 * Expect: 100-continue, keep-alive) and has per-IP and total connection
 * limits and epoll, all long used in the field; what it lacks is a deadline
 * for the head: MHD_OPTION_CONNECTION_TIMEOUT is an idle timeout that any
 * byte resets, so a client dripping a header byte every few seconds is
 * never cut, and MHD has no way to close a connection from outside a
 * callback. So the daemon runs in external mode (MHD_USE_EPOLL, no thread
 * of its own): this thread calls MHD_run_wait and, between calls, sweeps
 * its own table of connections (made in MHD_OPTION_NOTIFY_CONNECTION,
 * phases moved by the access handler and MHD_OPTION_NOTIFY_COMPLETED) and
 * shuts down the socket of any connection past its deadline; MHD sees the
 * end of the stream at once and closes it. Every callback and the sweep run
 * in this one thread, so the table needs no lock and a socket is never shut
 * after MHD closed it (the close notification unlinks it first). The raw
 * request target, query and all, is taken from MHD_OPTION_URI_LOG_CALLBACK
 * (MHD's own url argument has the query stripped and unescaped): the bytes
 * signed are the bytes routed. One thread also means the township database
 * is used by one request at a time. */
#include "container.h"
#include "lanhub.h"
#include "lansync.h"
#include "package.h"
#include "township.h"
#include "util.h"
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEAD_SECONDS 10.0
#define BODY_GRACE 10.0
#define REPLY_GRACE 30.0
#define MIN_RATE 8192.0 /* bytes a second */
#define PER_IP 16
#define MAX_CONNECTIONS 2048
#define CONN_MEMORY (32 * 1024) /* MHD's buffer for one connection's head and body pieces */

int township_serve_cmd(Township *t, const char *zListen, int maxSeconds);

enum { PH_HEAD, PH_BODY, PH_REPLY };

/* One TCP connection (MHD's socket context); freed when MHD closes it. */
typedef struct Conn {
  struct Conn *prev, *next;
  MHD_socket fd;
  char ip[INET_ADDRSTRLEN];
  int phase;
  double since;       /* when the phase began (monotonic seconds) */
  uint64_t got;       /* PH_BODY: bytes of the body so far */
  uint64_t replySize; /* PH_REPLY: bytes of the reply */
  int cut;
  char target[LAN_TARGET_MAX + 2]; /* the current request's raw target; longer ones are cut to over the limit */
} Conn;

/* One request (MHD's request context); freed in on_completed. */
typedef struct {
  Conn *conn;
  LanDecision d;
  int fd; /* the body's temporary file, -1 none */
  crypto_generichash_state hash;
  uint64_t got;
  int writeFailed;
} Req;

/* Log lines a flood could repeat pass at most `budget` a second. */
typedef struct {
  int budget;
  double start; /* the current second */
  int used;     /* lines printed in it */
  int held;     /* lines held back since the last one printed */
} LogGate;

typedef struct {
  Township *t;
  char tmpDir[PATH_MAX];
  Conn *conns;
} Hub;

/* MHD's own complaints, our cuts, refused requests: one thread uses them */
static LogGate gMhdLog = {.budget = 1}, gCutLog = {.budget = 1}, gRefusalLog = {.budget = 50};
static volatile sig_atomic_t gStop;
static void on_signal(int s) { (void)s; gStop = 1; }

static double now_mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A log line that a flood could repeat (a cut, a refusal, MHD's own
 * complaints), through gate g; the lines held back are counted into the
 * next one printed. */
static void flood_log(LogGate *g, const char *zFmt, ...) {
  double now = now_mono();
  if (now - g->start >= 1.0) g->start = now, g->used = 0;
  if (g->used >= g->budget) { g->held++; return; }
  va_list ap;
  va_start(ap, zFmt);
  fprintf(stderr, "hub: ");
  vfprintf(stderr, zFmt, ap);
  va_end(ap);
  if (g->held) fprintf(stderr, " (and %d more like these held back)", g->held);
  fputc('\n', stderr);
  g->used++;
  g->held = 0;
}

static void mhd_log(void *cls, const char *zFmt, va_list ap) {
  char line[300];
  vsnprintf(line, sizeof line, zFmt, ap);
  line[strcspn(line, "\n")] = 0;
  (void)cls;
  flood_log(&gMhdLog, "%s", line);
}

static Conn *conn_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return i ? i->socket_context : NULL;
}

static void set_phase(Conn *k, int phase, uint64_t replySize) {
  if (!k) return;
  k->phase = phase;
  k->since = now_mono();
  k->got = 0;
  k->replySize = replySize;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const void *z, size_t n, const char *zType) {
  struct MHD_Response *r = MHD_create_response_from_buffer(n, (void *)z, MHD_RESPMEM_MUST_COPY);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Content-Type", zType);
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  set_phase(conn_of(c), PH_REPLY, n);
  return ret;
}

static enum MHD_Result text(struct MHD_Connection *c, unsigned status, const char *z) {
  Conn *k = conn_of(c);
  flood_log(&gRefusalLog, "%s %u %s", k ? k->ip : "?", status, z);
  return reply(c, status, z, strlen(z), "text/plain; charset=utf-8");
}

/* The kiosk's signed acknowledgement, as the reply. */
static enum MHD_Result send_ack(Township *t, struct MHD_Connection *c, const char *zKiosk) {
  unsigned char *ack;
  size_t n;
  char err[512];
  if (township_ack(t, zKiosk, &ack, &n, NULL, err, sizeof err)) return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err);
  enum MHD_Result ret = reply(c, MHD_HTTP_OK, ack, n, "application/octet-stream");
  free(ack);
  return ret;
}

static KrCode reg_key(void *ctx, const char *zKiosk, unsigned char pk[32]) { return township_kiosk_key(ctx, zKiosk, pk); }
static KrCode reg_nonce(void *ctx, const char *zKiosk, const char *zNonce, int64_t at) {
  return township_nonce(ctx, zKiosk, zNonce, at);
}

/* A private, unlinked temporary file in the hub's 0700 directory; -1 on failure. */
static int body_file(Hub *h) {
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/body-XXXXXX", h->tmpDir);
  int fd = mkstemp(path);
  if (fd >= 0) unlink(path);
  return fd;
}

/* The bundle of a checked body: signed by the kiosk that sent it, then imported. */
static enum MHD_Result take_bundle(Hub *h, struct MHD_Connection *c, Req *q) {
  char err[512];
  if (!q->got) return text(c, MHD_HTTP_BAD_REQUEST, "an empty bundle");
  void *m = mmap(NULL, (size_t)q->got, PROT_READ, MAP_PRIVATE, q->fd, 0);
  if (m == MAP_FAILED) return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the stored body back");
  const unsigned char *z = m;
  size_t n = (size_t)q->got;
  ContainerInfo ci;
  enum MHD_Result ret;
  if (container_peek(z, n, &ci, err, sizeof err)) ret = text(c, MHD_HTTP_UNPROCESSABLE_CONTENT, err);
  else if (strcmp(ci.signer, q->d.kiosk)) {
    char who[sizeof ci.signer];
    util_strlcpy(who, ci.signer, sizeof who);
    for (char *p = who; *p; p++) /* the log and the reply get no control bytes */
      if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f) *p = '?';
    snprintf(err, sizeof err, "%s: the bundle is signed by kiosk %.40s, not by kiosk %s who sent it; nothing imported",
             kr_name(KR_WRONG_KIOSK), who, q->d.kiosk);
    ret = text(c, MHD_HTTP_FORBIDDEN, err);
  } else {
    TownshipImport r;
    KrCode kr = township_import(h->t, z, n, &r, err, sizeof err);
    if (kr) ret = text(c, MHD_HTTP_UNPROCESSABLE_CONTENT, err);
    else {
      fprintf(stderr, "hub: %s %s seq %lld-%lld: %d new, %d duplicate, %d rejected\n", q->d.kiosk, r.village,
              (long long)r.seqFrom, (long long)r.seqTo, r.fresh, r.duplicate, r.rejected);
      ret = send_ack(h->t, c, q->d.kiosk);
    }
  }
  munmap(m, n);
  return ret;
}

static enum MHD_Result send_package(Hub *h, struct MHD_Connection *c, int64_t have) {
  unsigned char *z = NULL;
  size_t n;
  int64_t v;
  KrCode rc = township_latest_package(h->t, &z, &n, &v);
  if (rc && rc != KR_NOT_FOUND) return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read packages");
  if (rc == KR_NOT_FOUND || v <= have) {
    free(z);
    return reply(c, MHD_HTTP_NO_CONTENT, "", 0, "text/plain");
  }
  enum MHD_Result ret = reply(c, MHD_HTTP_OK, z, n, "application/octet-stream");
  free(z);
  return ret;
}

static const char *header(struct MHD_Connection *c, const char *zName) {
  return MHD_lookup_connection_value(c, MHD_HEADER_KIND, zName);
}

/* The head is complete: decide, and open the body's file when one comes. */
static enum MHD_Result begin(Hub *h, struct MHD_Connection *c, const char *method, void **pState) {
  Conn *k = conn_of(c);
  Req *q = calloc(1, sizeof *q);
  if (!q || !k) { free(q); return MHD_NO; }
  q->conn = k;
  q->fd = -1;
  *pState = q;
  LanHead hd = {.zMethod = method, .zTarget = k->target, .zKiosk = header(c, "X-Kiosk"), .zTime = header(c, "X-Time"),
                .zNonce = header(c, "X-Nonce"), .zBodyHash = header(c, "X-Body-Hash"), .zSig = header(c, "X-Sig"),
                .zContentLength = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH),
                .zTransferEncoding = header(c, MHD_HTTP_HEADER_TRANSFER_ENCODING)};
  LanRegisters reg = {reg_key, reg_nonce, h->t};
  if (lanhub_decide(&hd, &reg, (int64_t)util_now(), &q->d)) return text(c, q->d.status, q->d.why);
  crypto_generichash_init(&q->hash, NULL, 0, 32);
  if (q->d.bodyLength) {
    if ((q->fd = body_file(h)) < 0) return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot store the body");
    set_phase(k, PH_BODY, 0);
  }
  return MHD_YES;
}

/* A piece of an accepted body: to the file and the hash, never to memory. */
static void take_piece(Req *q, const char *z, size_t n) {
  crypto_generichash_update(&q->hash, (const unsigned char *)z, n);
  q->got += n;
  q->conn->got = q->got;
  while (n && !q->writeFailed) {
    ssize_t w = write(q->fd, z, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) q->writeFailed = 1;
    else z += w, n -= (size_t)w;
  }
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *pUpload, void **pState) {
  (void)url, (void)version;
  Hub *h = cls;
  Req *q = *pState;
  if (!q) return begin(h, c, method, pState);
  if (*pUpload) {
    if (q->fd >= 0 && q->got + *pUpload <= q->d.bodyLength) take_piece(q, upload, *pUpload);
    else q->writeFailed = 1; /* more than declared: MHD would not pass it, but never trust that */
    *pUpload = 0;
    return MHD_YES;
  }
  /* the whole request is in */
  if (q->writeFailed) return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot store the body");
  if (q->got != q->d.bodyLength) return text(c, MHD_HTTP_BAD_REQUEST, "the body is not as long as Content-Length said");
  unsigned char hash[32];
  crypto_generichash_final(&q->hash, hash, sizeof hash);
  if (sodium_memcmp(hash, q->d.bodyHash, sizeof hash))
    return text(c, MHD_HTTP_BAD_REQUEST, "the body does not match its signed hash (X-Body-Hash); nothing imported");
  if (q->d.endpoint == LAN_EP_BUNDLE) return take_bundle(h, c, q);
  if (q->d.endpoint == LAN_EP_ACK) return send_ack(h->t, c, q->d.kiosk);
  return send_package(h, c, q->d.have);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **pState, enum MHD_RequestTerminationCode code) {
  (void)cls, (void)code;
  Req *q = *pState;
  if (q) {
    if (q->fd >= 0) close(q->fd);
    free(q);
  }
  *pState = NULL;
  set_phase(conn_of(c), PH_HEAD, 0); /* a kept-alive connection: the next head's deadline starts now */
}

/* The request line is in: keep its raw target (the query is signed). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls;
  Conn *k = conn_of(c);
  if (k) snprintf(k->target, sizeof k->target, "%s", uri); /* a longer one stays over LAN_TARGET_MAX: refused */
  return NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **pSocket, enum MHD_ConnectionNotificationCode code) {
  Hub *h = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    Conn *k = calloc(1, sizeof *k);
    if (!k) return; /* no accounting: begin() refuses its requests */
    const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    k->fd = i ? i->connect_fd : MHD_INVALID_SOCKET;
    i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (i && i->client_addr && i->client_addr->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)i->client_addr)->sin_addr, k->ip, sizeof k->ip);
    set_phase(k, PH_HEAD, 0);
    k->next = h->conns;
    if (h->conns) h->conns->prev = k;
    h->conns = k;
    *pSocket = k;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    Conn *k = *pSocket;
    if (!k) return;
    if (k->prev) k->prev->next = k->next;
    else h->conns = k->next;
    if (k->next) k->next->prev = k->prev;
    free(k);
    *pSocket = NULL;
  }
}

/* Cuts every connection past its deadline (see the file's comment). */
static void sweep(Hub *h) {
  double now = now_mono();
  for (Conn *k = h->conns; k; k = k->next) {
    if (k->cut || k->fd == MHD_INVALID_SOCKET) continue;
    double age = now - k->since;
    const char *why = NULL;
    if (k->phase == PH_HEAD && age > HEAD_SECONDS) why = "no complete request head within 10 s";
    else if (k->phase == PH_BODY && age > BODY_GRACE && (double)k->got < (age - BODY_GRACE) * MIN_RATE)
      why = "the body is coming slower than 8 KiB/s";
    else if (k->phase == PH_REPLY && age > REPLY_GRACE + (double)k->replySize / MIN_RATE)
      why = "the reply is taken too slowly";
    if (!why) continue;
    k->cut = 1;
    shutdown(k->fd, SHUT_RDWR);
    flood_log(&gCutLog, "cut a connection from %s: %s", k->ip, why);
  }
}

/* Moves every deadline on by the seconds the hub was too busy to read. */
static void pardon(Hub *h, double seconds) {
  for (Conn *k = h->conns; k; k = k->next) k->since += seconds;
}

/* The private directory for bodies: hub-tmp next to township.db, 0700,
 * ours. 0 ok, -1 with a message on stderr. */
static int make_tmp_dir(Hub *h) {
  const char *db = sqlite3_db_filename(township_db(h->t), "main");
  const char *slash = db ? strrchr(db, '/') : NULL;
  if (slash) snprintf(h->tmpDir, sizeof h->tmpDir, "%.*s/hub-tmp", (int)(slash - db), db);
  else snprintf(h->tmpDir, sizeof h->tmpDir, "hub-tmp");
  struct stat st;
  if (mkdir(h->tmpDir, 0700) && errno != EEXIST) { fprintf(stderr, "error: cannot create %s\n", h->tmpDir); return -1; }
  if (lstat(h->tmpDir, &st) || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() || chmod(h->tmpDir, 0700)) {
    fprintf(stderr, "error: %s is not a directory of this user\n", h->tmpDir);
    return -1;
  }
  return 0;
}

/* Room for the connections: RLIMIT_NOFILE raised as far as allowed; the
 * number of connections it leaves (with 64 descriptors to spare), at most
 * MAX_CONNECTIONS. */
static unsigned connection_room(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl)) return 64;
  rlim_t want = MAX_CONNECTIONS + 64;
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  unsigned room = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want ? MAX_CONNECTIONS
                 : rl.rlim_cur > 128                                   ? (unsigned)(rl.rlim_cur - 64)
                                                                       : 64;
  /* KIOSK_HUB_MAX_CONNECTIONS (tests): a lower limit, so that a test can
   * fill it with a few hundred connections */
  const char *z = getenv("KIOSK_HUB_MAX_CONNECTIONS");
  if (z && atoi(z) > 0 && (unsigned)atoi(z) < room) room = (unsigned)atoi(z);
  return room;
}

int township_serve_cmd(Township *t, const char *zListen, int maxSeconds) {
  char host[64] = "127.0.0.1";
  int port = 8080;
  const char *colon = strrchr(zListen, ':');
  if (colon) {
    snprintf(host, sizeof host, "%.*s", (int)(colon - zListen), zListen);
    port = atoi(colon + 1);
  } else port = atoi(zListen);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  if (port <= 0 || port > 65535 || inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    fprintf(stderr, "error: --listen must be IPv4:PORT, e.g. 127.0.0.1:8080\n");
    return 2;
  }
  Hub h = {.t = t};
  if (make_tmp_dir(&h)) return 1;
  unsigned room = connection_room();
  unsigned flags = MHD_USE_ERROR_LOG | (MHD_is_feature_supported(MHD_FEATURE_EPOLL) ? MHD_USE_EPOLL : MHD_USE_POLL);
  struct MHD_Daemon *d = MHD_start_daemon(
    flags, (uint16_t)port, NULL, NULL, handle, &h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &h,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, room,
    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
    MHD_OPTION_NOTIFY_CONNECTION, on_connection, &h, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &h,
    MHD_OPTION_URI_LOG_CALLBACK, on_uri, &h, MHD_OPTION_END);
  if (!d) { fprintf(stderr, "error: cannot listen on %s:%d\n", host, port); return 1; }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  printf("township hub listening on http://%s:%d (up to %u connections, %d from one address)\n", host, port, room,
         PER_IP);
  fflush(stdout);
  double start = now_mono(), lastSweep = 0;
  while (!gStop && (maxSeconds <= 0 || now_mono() - start < maxSeconds)) {
    double t0 = now_mono();
    MHD_run_wait(d, 250); /* a signal cuts it short */
    /* the deadlines count time the hub listened, not time it spent on a
     * long import while nobody's bytes were read */
    double busy = now_mono() - t0 - 0.5;
    if (busy > 0) pardon(&h, busy);
    if (now_mono() - lastSweep >= 0.1) {
      sweep(&h);
      lastSweep = now_mono();
    }
  }
  MHD_stop_daemon(d);
  return 0;
}
