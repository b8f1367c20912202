/*
 * A minimal DTLS 1.2 peer on Debian's mbedTLS 2.28, for interoperability tests of the harness's
 * own DTLS stack. Written for this project against the mbedTLS API.
 *
 *   mbedtls-peer client HOST PORT psk IDENTITY HEXKEY [pin12]
 *   mbedtls-peer client HOST PORT x509 CA_FILE CERT_FILE KEY_FILE HOSTNAME [pin12]
 *   mbedtls-peer server HOST PORT psk IDENTITY HEXKEY
 *   mbedtls-peer server HOST PORT x509 CA_FILE CERT_FILE KEY_FILE -
 *
 * A client sends "hello from mbedtls" and prints "GOT <reply>"; a server prints "LISTENING", then
 * "GOT <data>" and answers "hello from mbedtls". Both close with close_notify; exit 0 on success.
 * "pin12" sets the minimum version to DTLS 1.2; without it mbedTLS puts DTLS 1.0 in the first
 * ClientHello's record header, as devices built with default settings do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/timing.h>
#include <mbedtls/x509_crt.h>

static int fail(const char *what, int ret) {
  char text[200];
  mbedtls_strerror(ret, text, sizeof text);
  printf("ERROR %s -0x%04x %s\n", what, (unsigned)-ret, text);
  fflush(stdout);
  return 1;
}

static size_t unhex(const char *hex, unsigned char *out, size_t max) {
  size_t n = 0;
  while (hex[0] && hex[1] && n < max) {
    unsigned v;
    if (sscanf(hex, "%2x", &v) != 1) break;
    out[n++] = (unsigned char)v;
    hex += 2;
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: see the comment at the top of mbedtls-peer.c\n");
    return 2;
  }
  int server = strcmp(argv[1], "server") == 0;
  argv++;
  argc--;
  const char *host = argv[1], *port = argv[2], *mode = argv[3];
  int pin12 = strcmp(argv[argc - 1], "pin12") == 0;
  mbedtls_net_context net, listener;
  mbedtls_ssl_cookie_ctx cookies;
  mbedtls_ssl_context ssl;
  mbedtls_ssl_config conf;
  mbedtls_ctr_drbg_context rng;
  mbedtls_entropy_context entropy;
  mbedtls_timing_delay_context timer;
  mbedtls_x509_crt ca, own;
  mbedtls_pk_context key;
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
  int ret;
  if ((ret = mbedtls_ctr_drbg_seed(&rng, mbedtls_entropy_func, &entropy, (const unsigned char *)"dtls", 4)) != 0) return fail("seed", ret);
  if ((ret = mbedtls_ssl_config_defaults(&conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_DATAGRAM, MBEDTLS_SSL_PRESET_DEFAULT)) != 0)
    return fail("config", ret);
  mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &rng);
  mbedtls_ssl_conf_handshake_timeout(&conf, 200, 3200);
  mbedtls_ssl_conf_read_timeout(&conf, 5000);
  if (pin12) mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  static int psk_suites[] = {MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8, 0};
  static int ecdsa_suites[] = {MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0};
  if (strcmp(mode, "psk") == 0) {
    unsigned char psk[64];
    size_t n = unhex(argv[5], psk, sizeof psk);
    if ((ret = mbedtls_ssl_conf_psk(&conf, psk, n, (const unsigned char *)argv[4], strlen(argv[4]))) != 0) return fail("psk", ret);
    mbedtls_ssl_conf_ciphersuites(&conf, psk_suites);
  } else if (strcmp(mode, "x509") == 0 && argc >= 8) {
    if ((ret = mbedtls_x509_crt_parse_file(&ca, argv[4])) != 0) return fail("ca", ret);
    if ((ret = mbedtls_x509_crt_parse_file(&own, argv[5])) != 0) return fail("cert", ret);
    if ((ret = mbedtls_pk_parse_keyfile(&key, argv[6], NULL)) != 0) return fail("key", ret);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    if ((ret = mbedtls_ssl_conf_own_cert(&conf, &own, &key)) != 0) return fail("own cert", ret);
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ciphersuites(&conf, ecdsa_suites);
  } else {
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
  }
  if (server) {
    if ((ret = mbedtls_ssl_cookie_setup(&cookies, mbedtls_ctr_drbg_random, &rng)) != 0) return fail("cookies", ret);
    mbedtls_ssl_conf_dtls_cookies(&conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check, &cookies);
    if (strcmp(mode, "psk") == 0) mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_NONE);
  }
  if ((ret = mbedtls_ssl_setup(&ssl, &conf)) != 0) return fail("setup", ret);
  if (!server && strcmp(mode, "x509") == 0 && (ret = mbedtls_ssl_set_hostname(&ssl, argv[7])) != 0) return fail("hostname", ret);
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
      do ret = mbedtls_ssl_handshake(&ssl);
      while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
      if (ret != MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) break;
      mbedtls_net_free(&net);
      mbedtls_ssl_session_reset(&ssl);
    }
  } else {
    if ((ret = mbedtls_net_connect(&net, host, port, MBEDTLS_NET_PROTO_UDP)) != 0) return fail("connect", ret);
    mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
    do ret = mbedtls_ssl_handshake(&ssl);
    while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
  }
  if (ret != 0) return fail("handshake", ret);
  printf("HANDSHAKE OK %s\n", mbedtls_ssl_get_ciphersuite(&ssl));
  fflush(stdout);
  const char *msg = "hello from mbedtls";
  unsigned char buf[512];
  if (!server) {
    do ret = mbedtls_ssl_write(&ssl, (const unsigned char *)msg, strlen(msg));
    while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (ret < 0) return fail("write", ret);
  }
  do ret = mbedtls_ssl_read(&ssl, buf, sizeof buf - 1);
  while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
  if (ret <= 0) return fail("read", ret);
  buf[ret] = 0;
  printf("GOT %s\n", buf);
  fflush(stdout);
  if (server) {
    do ret = mbedtls_ssl_write(&ssl, (const unsigned char *)msg, strlen(msg));
    while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (ret < 0) return fail("write", ret);
  }
  mbedtls_ssl_close_notify(&ssl);
  mbedtls_net_free(&net);
  mbedtls_ssl_free(&ssl);
  mbedtls_ssl_config_free(&conf);
  return 0;
}
