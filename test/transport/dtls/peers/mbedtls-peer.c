/*
 * A minimal DTLS 1.2 peer on mbedTLS (2.28 from Debian, or 3.6 built from source for Connection
 * IDs), for interoperability tests of the harness's own DTLS stack. Written for this project
 * against the mbedTLS API.
 *
 *   mbedtls-peer client HOST PORT psk IDENTITY HEXKEY [pin12] [cid]
 *   mbedtls-peer client HOST PORT x509 CA_FILE CERT_FILE KEY_FILE HOSTNAME [pin12]
 *   mbedtls-peer server HOST PORT psk IDENTITY HEXKEY [cid]
 *   mbedtls-peer server HOST PORT x509 CA_FILE CERT_FILE KEY_FILE -
 *
 * A client sends "hello from mbedtls" and prints "GOT <reply>"; a server prints "LISTENING", then
 * "GOT <data>" and answers "hello from mbedtls". With "cid" (mbedTLS 3) both sides use RFC 9146
 * Connection IDs, and a client then waits for a line on stdin and does a second exchange
 * ("second hello"), e.g. after the test moved it behind a new NAT port. Both close with
 * close_notify; exit 0 on success. "pin12" sets the minimum version to DTLS 1.2; without it
 * mbedTLS 2 puts DTLS 1.0 in the first ClientHello's record header, as devices built with default
 * settings do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/timing.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>
#if MBEDTLS_VERSION_MAJOR >= 3
#include <psa/crypto.h>
#endif

static int fail(const char *what, int ret) {
  char text[200];
  mbedtls_strerror(ret, text, sizeof text);
  printf("ERROR %s -0x%04x %s\n", what, (unsigned)-ret, text);
  fflush(stdout);
  return 1;
}

static size_t unhex(const char *hex, unsigned char *out, size_t max) {
  size_t n = 0;
  unsigned v;
  while (hex[0] && hex[1] && n < max && sscanf(hex, "%2x", &v) == 1) {
    out[n++] = (unsigned char)v;
    hex += 2;
  }
  return n;
}

static int has_flag(int argc, char **argv, const char *flag) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], flag) == 0) return 1;
  return 0;
}

#define RETRY(call) \
  do ret = (call); \
  while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE)

static int exchange(mbedtls_ssl_context *ssl, int server, const char *msg) {
  unsigned char buf[512];
  int ret;
  if (!server) {
    RETRY(mbedtls_ssl_write(ssl, (const unsigned char *)msg, strlen(msg)));
    if (ret < 0) return fail("write", ret);
  }
  RETRY(mbedtls_ssl_read(ssl, buf, sizeof buf - 1));
  if (ret <= 0) return fail("read", ret);
  buf[ret] = 0;
  printf("GOT %s\n", buf);
  fflush(stdout);
  if (server) {
    RETRY(mbedtls_ssl_write(ssl, (const unsigned char *)msg, strlen(msg)));
    if (ret < 0) return fail("write", ret);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: see the comment at the top of mbedtls-peer.c\n");
    return 2;
  }
  int server = strcmp(argv[1], "server") == 0;
  const char *host = argv[2], *port = argv[3], *mode = argv[4];
  int pin12 = has_flag(argc, argv, "pin12"), cid = has_flag(argc, argv, "cid");
  mbedtls_net_context net, listener;
  mbedtls_ssl_cookie_ctx cookies;
  mbedtls_ssl_context ssl;
  mbedtls_ssl_config conf;
  mbedtls_ctr_drbg_context rng;
  mbedtls_entropy_context entropy;
  mbedtls_timing_delay_context timer;
  mbedtls_x509_crt ca, own;
  mbedtls_pk_context key;
  int ret;
#if MBEDTLS_VERSION_MAJOR >= 3
  if (psa_crypto_init() != PSA_SUCCESS) return fail("psa", -1);
#endif
  mbedtls_net_init(&net);
  mbedtls_net_init(&listener);
  mbedtls_ssl_cookie_init(&cookies);
  mbedtls_ssl_init(&ssl);
  mbedtls_ssl_config_init(&conf);
  mbedtls_ctr_drbg_init(&rng);
  mbedtls_entropy_init(&entropy);
  mbedtls_x509_crt_init(&ca);
  mbedtls_x509_crt_init(&own);
  mbedtls_pk_init(&key);
  if ((ret = mbedtls_ctr_drbg_seed(&rng, mbedtls_entropy_func, &entropy, (const unsigned char *)"dtls", 4)) != 0) return fail("seed", ret);
  if ((ret = mbedtls_ssl_config_defaults(&conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
                                         MBEDTLS_SSL_PRESET_DEFAULT)) != 0)
    return fail("config", ret);
  mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &rng);
  mbedtls_ssl_conf_handshake_timeout(&conf, 200, 3200);
  mbedtls_ssl_conf_read_timeout(&conf, 5000);
#if MBEDTLS_VERSION_MAJOR >= 3
  (void)pin12; // mbedTLS 3 speaks DTLS 1.2 only
#else
  if (pin12) mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
#endif
  static const int psk_suites[] = {MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8, 0};
  static const int ecdsa_suites[] = {MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0};
  if (strcmp(mode, "psk") == 0) {
    unsigned char psk[64];
    size_t n = unhex(argv[6], psk, sizeof psk);
    if ((ret = mbedtls_ssl_conf_psk(&conf, psk, n, (const unsigned char *)argv[5], strlen(argv[5]))) != 0) return fail("psk", ret);
    mbedtls_ssl_conf_ciphersuites(&conf, psk_suites);
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_NONE);
  } else if (strcmp(mode, "x509") == 0 && argc >= 9) {
    if ((ret = mbedtls_x509_crt_parse_file(&ca, argv[5])) != 0) return fail("ca", ret);
    if ((ret = mbedtls_x509_crt_parse_file(&own, argv[6])) != 0) return fail("cert", ret);
#if MBEDTLS_VERSION_MAJOR >= 3
    ret = mbedtls_pk_parse_keyfile(&key, argv[7], NULL, mbedtls_ctr_drbg_random, &rng);
#else
    ret = mbedtls_pk_parse_keyfile(&key, argv[7], NULL);
#endif
    if (ret != 0) return fail("key", ret);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    if ((ret = mbedtls_ssl_conf_own_cert(&conf, &own, &key)) != 0) return fail("own cert", ret);
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ciphersuites(&conf, ecdsa_suites);
  } else {
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
  }
#if defined(MBEDTLS_SSL_DTLS_CONNECTION_ID)
  static const unsigned char own_cid[4] = {0xc1, 0xd0, 0x00, 0x01};
#endif
  if (cid) {
#if defined(MBEDTLS_SSL_DTLS_CONNECTION_ID)
    if ((ret = mbedtls_ssl_conf_cid(&conf, sizeof own_cid, MBEDTLS_SSL_UNEXPECTED_CID_IGNORE)) != 0) return fail("conf cid", ret);
#else
    printf("ERROR this mbedTLS has no MBEDTLS_SSL_DTLS_CONNECTION_ID\n");
    return 1;
#endif
  }
  if (server) {
    if ((ret = mbedtls_ssl_cookie_setup(&cookies, mbedtls_ctr_drbg_random, &rng)) != 0) return fail("cookies", ret);
    mbedtls_ssl_conf_dtls_cookies(&conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check, &cookies);
  }
  if ((ret = mbedtls_ssl_setup(&ssl, &conf)) != 0) return fail("setup", ret);
#if defined(MBEDTLS_SSL_DTLS_CONNECTION_ID)
  if (cid && (ret = mbedtls_ssl_set_cid(&ssl, MBEDTLS_SSL_CID_ENABLED, own_cid, sizeof own_cid)) != 0) return fail("set cid", ret);
#endif
  if (!server && strcmp(mode, "x509") == 0 && (ret = mbedtls_ssl_set_hostname(&ssl, argv[8])) != 0) return fail("hostname", ret);
  mbedtls_ssl_set_timer_cb(&ssl, &timer, mbedtls_timing_set_delay, mbedtls_timing_get_delay);
  if (server) {
    if ((ret = mbedtls_net_bind(&listener, host, port, MBEDTLS_NET_PROTO_UDP)) != 0) return fail("bind", ret);
    printf("LISTENING\n");
    fflush(stdout);
    unsigned char client_ip[16];
    size_t ip_len;
    for (;;) {
      // The first ClientHello is answered with a HelloVerifyRequest; mbedTLS then wants a fresh accept.
      if ((ret = mbedtls_net_accept(&listener, &net, client_ip, sizeof client_ip, &ip_len)) != 0) return fail("accept", ret);
      if ((ret = mbedtls_ssl_set_client_transport_id(&ssl, client_ip, ip_len)) != 0) return fail("transport id", ret);
      mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
      RETRY(mbedtls_ssl_handshake(&ssl));
      if (ret != MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) break;
      mbedtls_net_free(&net);
      mbedtls_ssl_session_reset(&ssl);
    }
  } else {
    if ((ret = mbedtls_net_connect(&net, host, port, MBEDTLS_NET_PROTO_UDP)) != 0) return fail("connect", ret);
    mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
    RETRY(mbedtls_ssl_handshake(&ssl));
  }
  if (ret != 0) return fail("handshake", ret);
  printf("HANDSHAKE OK %s\n", mbedtls_ssl_get_ciphersuite(&ssl));
#if defined(MBEDTLS_SSL_DTLS_CONNECTION_ID)
  if (cid) {
    int enabled = 0;
    unsigned char peer_cid[MBEDTLS_SSL_CID_OUT_LEN_MAX];
    size_t peer_len = 0;
    mbedtls_ssl_get_peer_cid(&ssl, &enabled, peer_cid, &peer_len);
    printf("CID %s peer length %u\n", enabled == MBEDTLS_SSL_CID_ENABLED ? "enabled" : "disabled", (unsigned)peer_len);
  }
#endif
  fflush(stdout);
  if (exchange(&ssl, server, "hello from mbedtls") != 0) return 1;
  if (cid && !server) {
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return fail("stdin", -1);
    if (exchange(&ssl, server, "second hello") != 0) return 1;
  }
  mbedtls_ssl_close_notify(&ssl);
  mbedtls_net_free(&net);
  mbedtls_ssl_free(&ssl);
  mbedtls_ssl_config_free(&conf);
  return 0;
}
