/* hub_siege: a hostile (and one honest) client of the LAN hub, for
 * test_hub_siege.sh and the figures in the README. Three modes:
 *
 *   hold HOST PORT FROM COUNT [--no-reconnect] [--status FILE]
 *     holds COUNT connections, source addresses FROM ("127.0.0.2", or
 *     "127.0.1.1+200": 200 addresses counting up from it, one connection
 *     each in turn); even ones idle (connect and send nothing), odd ones
 *     drip a request head one byte every 3 s. A connection the hub closes
 *     is opened again after 250 ms unless --no-reconnect. Runs until
 *     SIGTERM; FILE gets "held H closed C opened O" every half second
 *     (closed: by the hub).
 *   body HOST PORT FROM COUNT SIZE [--key KEYFILE --kiosk ID --lie N] [--drip]
 *     COUNT concurrent POST /v2/bundle of SIZE bytes each (no
 *     Expect: 100-continue, as an attacker would send them): unsigned, or
 *     the first N signed by the kiosk's key over a hash that is not the
 *     body's; --drip sends the body a byte every 3 s. Prints one line per
 *     request, "status S sent B", and ends when every one is answered or
 *     closed.
 *   request HOST PORT --key KEYFILE --kiosk ID --method M --target T
 *           [--sign-target T2] [--body FILE]
 *     one signed request as a kiosk makes it (lanhub.h), but signing T2
 *     when given (a tampered target); prints "status S" and the reply's
 *     first line. Exit 0 when a reply came.
 */
#include "container.h"
#include "keypair.h"
#include "lanhub.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *gHost;
static int gPort;
static volatile sig_atomic_t gStop;
static void on_term(int s) { (void)s; gStop = 1; }

static double now_mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The i-th source address of FROM ("A.B.C.D" or "A.B.C.D+N"). */
static struct in_addr source(const char *zFrom, int i) {
  char a[64];
  snprintf(a, sizeof a, "%s", zFrom);
  char *plus = strchr(a, '+');
  int n = 1;
  if (plus) *plus = 0, n = atoi(plus + 1);
  struct in_addr s;
  if (inet_pton(AF_INET, a, &s) != 1) { fprintf(stderr, "bad address %s\n", zFrom); exit(2); }
  if (n > 1) s.s_addr = htonl(ntohl(s.s_addr) + (uint32_t)(i % n));
  return s;
}

/* A non-blocking socket connecting from src to the hub; -1 on failure. */
static int dial(struct in_addr src) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  struct sockaddr_in me = {.sin_family = AF_INET, .sin_addr = src}, to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)gPort)};
  inet_pton(AF_INET, gHost, &to.sin_addr);
  if (bind(fd, (struct sockaddr *)&me, sizeof me) ||
      (connect(fd, (struct sockaddr *)&to, sizeof to) && errno != EINPROGRESS)) {
    close(fd);
    return -1;
  }
  return fd;
}

static void raise_nofile(void) {
  struct rlimit rl;
  if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < 4096) {
    rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

static const char *opt(int argc, char **argv, const char *zName) {
  for (int i = 0; i + 1 < argc; i++)
    if (!strcmp(argv[i], zName)) return argv[i + 1];
  return NULL;
}
static int flag(int argc, char **argv, const char *zName) {
  for (int i = 0; i < argc; i++)
    if (!strcmp(argv[i], zName)) return 1;
  return 0;
}

typedef struct {
  int fd, drip;
  size_t sent;   /* bytes of the drip head sent */
  double next;   /* when to drip or reconnect */
} Slot;

static const char kDrip[] = "GET /v2/ack HTTP/1.1\r\nHost: hub\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";

static int hold(int argc, char **argv) {
  const char *from = argv[4], *status = opt(argc, argv, "--status");
  int count = atoi(argv[5]), reconnect = !flag(argc, argv, "--no-reconnect");
  Slot *s = calloc((size_t)count, sizeof *s);
  struct pollfd *p = calloc((size_t)count, sizeof *p);
  long closed = 0, opened = 0;
  double lastStatus = 0;
  for (int i = 0; i < count; i++) s[i].fd = -1, s[i].drip = i % 2;
  int firstRound = 1;
  while (!gStop) {
    double now = now_mono();
    int held = 0;
    for (int i = 0; i < count; i++) {
      Slot *k = &s[i];
      if (k->fd < 0 && (firstRound || (reconnect && now >= k->next))) {
        k->fd = dial(source(from, i));
        k->sent = 0;
        k->next = now + 3;
        if (k->fd >= 0) opened++;
      }
      if (k->fd >= 0 && k->drip && now >= k->next) { /* one byte of the head; never its end */
        if (send(k->fd, kDrip + k->sent % (sizeof kDrip - 1), 1, MSG_NOSIGNAL) == 1) k->sent++;
        k->next = now + 3;
      }
      p[i].fd = k->fd;
      p[i].events = POLLIN;
      p[i].revents = 0;
      held += k->fd >= 0;
    }
    firstRound = 0;
    if (status && now - lastStatus >= 0.5) {
      FILE *f = fopen(status, "w");
      if (f) fprintf(f, "held %d closed %ld opened %ld\n", held, closed, opened), fclose(f);
      lastStatus = now;
    }
    if (poll(p, (nfds_t)count, 100) < 0 && errno != EINTR) break;
    for (int i = 0; i < count; i++) {
      if (s[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char b[512];
      ssize_t r = recv(s[i].fd, b, sizeof b, 0);
      if (r > 0) continue; /* a reply (not expected): read and go on */
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      close(s[i].fd);
      s[i].fd = -1;
      s[i].next = now_mono() + 0.25;
      closed++;
    }
  }
  for (int i = 0; i < count; i++)
    if (s[i].fd >= 0) close(s[i].fd);
  free(s);
  free(p);
  return 0;
}

/* The head of a POST of n bytes: unsigned, or signed over a hash not the body's. */
static void post_head(char *out, size_t nOut, size_t n, const KeyPair *kp, const char *zKiosk) {
  if (!kp) {
    snprintf(out, nOut, "POST /v2/bundle HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n", n);
    return;
  }
  char t[32], nonce[33], hash[65], sig[2 * crypto_sign_BYTES + 1];
  unsigned char r[16];
  snprintf(t, sizeof t, "%lld", (long long)time(NULL));
  randombytes_buf(r, sizeof r);
  container_hex(r, sizeof r, nonce);
  lan_body_hash((const unsigned char *)"a lie", 5, hash);
  lan_sign(kp->sk, "POST", "/v2/bundle", t, nonce, hash, sig);
  snprintf(out, nOut,
           "POST /v2/bundle HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nContent-Length: %zu\r\nX-Kiosk: %s\r\nX-Time: %s\r\n"
           "X-Nonce: %s\r\nX-Body-Hash: %s\r\nX-Sig: %s\r\n\r\n",
           n, zKiosk, t, nonce, hash, sig);
}

typedef struct {
  int fd, done, status;
  char head[1024];
  size_t nHead, sent, total; /* sent counts head and body */
  char reply[64];
  size_t nReply;
  double next; /* --drip: when the next body byte may go */
} Post;

static int body(int argc, char **argv) {
  const char *from = argv[4], *keyFile = opt(argc, argv, "--key"), *kiosk = opt(argc, argv, "--kiosk");
  int count = atoi(argv[5]), lie = opt(argc, argv, "--lie") ? atoi(opt(argc, argv, "--lie")) : 0;
  int drip = flag(argc, argv, "--drip");
  size_t size = strtoull(argv[6], NULL, 10);
  KeyPair kp;
  char err[256];
  if (lie && (!keyFile || !kiosk || keypair_load(keyFile, &kp, err, sizeof err))) {
    fprintf(stderr, "--lie needs --key and --kiosk\n");
    return 2;
  }
  static char junk[65536];
  memset(junk, 'J', sizeof junk);
  Post *q = calloc((size_t)count, sizeof *q);
  struct pollfd *p = calloc((size_t)count, sizeof *p);
  for (int i = 0; i < count; i++) {
    post_head(q[i].head, sizeof q[i].head, size, i < lie ? &kp : NULL, kiosk);
    q[i].nHead = strlen(q[i].head);
    q[i].total = q[i].nHead + size;
    q[i].fd = dial(source(from, i));
    if (q[i].fd < 0) q[i].done = 1;
  }
  for (;;) {
    int left = 0;
    for (int i = 0; i < count; i++) {
      p[i].fd = q[i].done ? -1 : q[i].fd;
      int mayWrite = q[i].sent < q[i].nHead || (q[i].sent < q[i].total && (!drip || now_mono() >= q[i].next));
      p[i].events = POLLIN | (mayWrite ? POLLOUT : 0);
      p[i].revents = 0;
      left += !q[i].done;
    }
    if (!left) break;
    if (poll(p, (nfds_t)count, 1000) < 0 && errno != EINTR) break;
    for (int i = 0; i < count; i++) {
      Post *k = &q[i];
      if (k->done || !p[i].revents) continue;
      if (p[i].events & p[i].revents & POLLOUT) {
        const char *z = k->sent < k->nHead ? k->head + k->sent : junk;
        size_t n = k->sent < k->nHead ? k->nHead - k->sent : sizeof junk;
        if (k->sent >= k->nHead && n > k->total - k->sent) n = k->total - k->sent;
        if (drip && k->sent >= k->nHead) n = 1, k->next = now_mono() + 3;
        ssize_t w = send(k->fd, z, n, MSG_NOSIGNAL);
        if (w > 0) k->sent += (size_t)w;
        else if (w < 0 && errno != EAGAIN && errno != EINTR) p[i].revents |= POLLHUP; /* refused mid-body */
      }
      if (p[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        char b[4096];
        ssize_t r = recv(k->fd, b, sizeof b, 0);
        if (r > 0) {
          size_t m = (size_t)r < sizeof k->reply - 1 - k->nReply ? (size_t)r : sizeof k->reply - 1 - k->nReply;
          memcpy(k->reply + k->nReply, b, m);
          k->nReply += m;
          k->reply[k->nReply] = 0;
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          k->done = 1;
          close(k->fd);
        }
      }
    }
  }
  for (int i = 0; i < count; i++) {
    int st = 0;
    sscanf(q[i].reply, "HTTP/1.%*d %d", &st);
    printf("%s status %d sent %zu\n", i < lie ? "signed-lie" : "unsigned", st, q[i].sent);
  }
  free(q);
  free(p);
  return 0;
}

/* One signed request, blocking; the reply's status and first body line. */
static int request(int argc, char **argv) {
  const char *keyFile = opt(argc, argv, "--key"), *kiosk = opt(argc, argv, "--kiosk"), *method = opt(argc, argv, "--method"),
             *target = opt(argc, argv, "--target"), *signTarget = opt(argc, argv, "--sign-target"),
             *bodyFile = opt(argc, argv, "--body");
  KeyPair kp;
  char err[256];
  if (!keyFile || !kiosk || !method || !target || keypair_load(keyFile, &kp, err, sizeof err)) {
    fprintf(stderr, "request needs --key --kiosk --method --target\n");
    return 2;
  }
  unsigned char *b = NULL;
  size_t n = 0;
  if (bodyFile && container_read_file(bodyFile, 1u << 30, &b, &n, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 2; }
  char t[32], nonce[33], hash[65], sig[2 * crypto_sign_BYTES + 1];
  unsigned char r[16];
  snprintf(t, sizeof t, "%lld", (long long)time(NULL));
  randombytes_buf(r, sizeof r);
  container_hex(r, sizeof r, nonce);
  lan_body_hash(b, n, hash);
  lan_sign(kp.sk, method, signTarget ? signTarget : target, t, nonce, hash, sig);
  char head[2048];
  int nh = snprintf(head, sizeof head,
                    "%s %s HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nContent-Length: %zu\r\nX-Kiosk: %s\r\n"
                    "X-Time: %s\r\nX-Nonce: %s\r\nX-Body-Hash: %s\r\nX-Sig: %s\r\n\r\n",
                    method, target, n, kiosk, t, nonce, hash, sig);
  int fd = dial(source("0.0.0.0", 0));
  if (fd < 0) { perror("connect"); return 1; }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  struct pollfd pw = {.fd = fd, .events = POLLOUT};
  poll(&pw, 1, 30000);
  if (send(fd, head, (size_t)nh, MSG_NOSIGNAL) != nh) { perror("send"); return 1; }
  for (size_t off = 0; off < n;) {
    ssize_t w = send(fd, b + off, n - off, MSG_NOSIGNAL);
    if (w <= 0) break;
    off += (size_t)w;
  }
  char reply[8192];
  size_t got = 0;
  for (;;) {
    ssize_t rr = recv(fd, reply + got, sizeof reply - 1 - got, 0);
    if (rr <= 0) break;
    got += (size_t)rr;
    if (got == sizeof reply - 1) break;
  }
  reply[got] = 0;
  close(fd);
  free(b);
  int st = 0;
  if (sscanf(reply, "HTTP/1.%*d %d", &st) != 1) { printf("status 0 (no reply)\n"); return 1; }
  const char *bodyText = strstr(reply, "\r\n\r\n");
  bodyText = bodyText ? bodyText + 4 : "";
  printf("status %d %.*s\n", st, (int)strcspn(bodyText, "\n"), bodyText);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4 || sodium_init() < 0) {
    fprintf(stderr, "usage: hub_siege hold|body|request HOST PORT ... (see the file's comment)\n");
    return 2;
  }
  gHost = argv[2];
  gPort = atoi(argv[3]);
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  signal(SIGPIPE, SIG_IGN);
  raise_nofile();
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (!strcmp(argv[1], "hold") && argc >= 6) return hold(argc, argv);
  if (!strcmp(argv[1], "body") && argc >= 7) return body(argc, argv);
  if (!strcmp(argv[1], "request")) return request(argc, argv);
  fprintf(stderr, "usage: hub_siege hold|body|request HOST PORT ... (see the file's comment)\n");
  return 2;
}
