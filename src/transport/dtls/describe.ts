/** One-line descriptions of DTLS records for the trace, never throwing on bad input. */
import { alertName, contentTypeName, ContentType, extensionName, handshakeName, HandshakeType } from './constants';
import { parseFragments } from './handshake-framing';
import { decodeClientHello, decodeServerHello } from './messages';
import { suiteName } from './suites';

function describeFragments(content: Buffer): { text: string; detail?: unknown } {
  try {
    const frags = parseFragments(content);
    const details: unknown[] = [];
    const text = frags
      .map((f) => {
        const whole = f.fragmentOffset === 0 && f.body.length === f.length;
        if (whole && f.type === HandshakeType.client_hello) details.push(helloDetail('ClientHello', f.body));
        if (whole && f.type === HandshakeType.server_hello) details.push(helloDetail('ServerHello', f.body));
        const part = whole ? '' : ` fragment ${f.fragmentOffset}+${f.body.length}/${f.length}`;
        return `${handshakeName(f.type)}(message_seq ${f.seq}${part})`;
      })
      .join(', ');
    return { text, detail: details.length ? details : undefined };
  } catch (e) {
    return { text: `undecodable handshake data (${(e as Error).message})` };
  }
}

function helloDetail(kind: string, body: Buffer): unknown {
  try {
    if (kind === 'ClientHello') {
      const h = decodeClientHello(body);
      return {
        ClientHello: {
          cookie: h.cookie.toString('hex'),
          cipherSuites: h.cipherSuites.map(suiteName),
          extensions: h.extensions.map((e) => extensionName(e.type)),
        },
      };
    }
    const h = decodeServerHello(body);
    return { ServerHello: { cipherSuite: suiteName(h.cipherSuite), extensions: h.extensions.map((e) => extensionName(e.type)) } };
  } catch (e) {
    return { [kind]: `undecodable: ${(e as Error).message}` };
  }
}

/** Summary of a record's (decrypted) content. */
export function describeContent(type: number, content: Buffer): { text: string; detail?: unknown } {
  switch (type) {
    case ContentType.handshake:
      return describeFragments(content);
    case ContentType.alert:
      return content.length === 2
        ? { text: `alert ${content[0] === 2 ? 'fatal' : 'warning'} ${alertName(content[1])}` }
        : { text: `alert of ${content.length} bytes (expected 2)` };
    case ContentType.change_cipher_spec:
      return { text: 'ChangeCipherSpec' };
    case ContentType.application_data:
      return { text: `application_data ${content.length} bytes` };
    default:
      return { text: `${contentTypeName(type)} ${content.length} bytes` };
  }
}
