/** Plain UDP under CoAP: one socket per endpoint, serving every peer. */
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { DatagramHandler, DatagramTransport, PeerAddress } from './types';

export interface UdpOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/** udp6 for an IPv6 literal. The ':' test first spares most starts node's IPv6 pattern (about 10 ms to compile). */
export const udpSocketType = (host: string): 'udp4' | 'udp6' => (host.includes(':') && isIPv6(host) ? 'udp6' : 'udp4');

export async function createUdpTransport(opts: UdpOptions = {}): Promise<DatagramTransport> {
  const host = opts.host ?? '127.0.0.1';
  const socket = dgram.createSocket({ type: udpSocketType(host) });
  let handler: DatagramHandler = () => {};
  socket.on('message', (data, rinfo) => handler(data, { host: rinfo.address, port: rinfo.port }));
  // An ICMP error or a send to a vanished peer must not bring the harness down.
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(opts.port ?? 0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const addr = socket.address();
  let closed = false;
  return {
    scheme: 'coap',
    local: { host: addr.address, port: addr.port },
    send(peer: PeerAddress, data: Buffer) {
      return new Promise<void>((resolve, reject) => {
        if (closed) return reject(new Error('transport closed'));
        socket.send(data, peer.port, peer.host, (err) => (err ? reject(err) : resolve()));
      });
    },
    onDatagram(h: DatagramHandler) {
      handler = h;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
