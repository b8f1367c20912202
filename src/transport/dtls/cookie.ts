/** Stateless HelloVerifyRequest cookies (RFC 6347 §4.2.1): an HMAC of the peer address and its ClientHello. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PeerAddress } from '../types';
import { encodeClientHello, type ClientHello } from './messages';

export class CookieJar {
  private readonly secret = randomBytes(32);

  make(peer: PeerAddress, hello: ClientHello): Buffer {
    // The cookie field itself is left out: the second ClientHello repeats everything else.
    const withoutCookie = encodeClientHello({ ...hello, cookie: Buffer.alloc(0) });
    return createHmac('sha256', this.secret).update(`${peer.host}|${peer.port}|`).update(withoutCookie).digest().subarray(0, 16);
  }

  check(peer: PeerAddress, hello: ClientHello): boolean {
    const expected = this.make(peer, hello);
    return hello.cookie.length === expected.length && timingSafeEqual(hello.cookie, expected);
  }
}
