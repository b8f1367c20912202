/**
 * Connectivity Statistics (/7), ETS configuration C.9: Start (/7/0/6) resets the counters and
 * starts a collection, Stop (/7/0/7) ends it; while collecting, every message the client receives
 * or sends is counted (`count`). A Collection Period (/7/0/8) other than 0 ends it by itself.
 */
import { type DatagramTransport, isStreamTransport } from '../../../transport/types';
import type { FaultName } from '../faults';
import type { ObjectStore } from '../store';
import { refuseInstanceRead, type ObjectBehaviour } from './behaviour';

export interface ConnectivityStatistics extends ObjectBehaviour {
  /** One message of `bytes` bytes, sent or received. */
  count(direction: 'tx' | 'rx', bytes: number): void;
}

export function populateConnectivityStatistics(store: ObjectStore, faults: ReadonlySet<FaultName>): ConnectivityStatistics {
  let collecting = false;
  let since = 0;
  const totals = { tx: 0, rx: 0, messages: 0, max: 0 };
  const reset = () => Object.assign(totals, { tx: 0, rx: 0, messages: 0, max: 0 });
  const period = () => Number(store.get(7, 0, 8) ?? 0n);
  const write = () => {
    const average = totals.messages === 0 ? 0 : Math.round((totals.tx + totals.rx) / totals.messages);
    store.put(7, 0, {
      0: 0n, // no SMS binding
      1: 0n,
      2: BigInt(Math.floor(totals.tx / 1024)), // kilobytes
      3: BigInt(Math.floor(totals.rx / 1024)),
      4: BigInt(totals.max),
      5: BigInt(faults.has('average-above-max-message-size') ? totals.max + 100 : average),
      8: BigInt(period()),
    });
  };
  store.put(7, 0, { 8: 0n });
  write();
  const expired = () => collecting && period() > 0 && Date.now() - since >= period() * 1000;
  return {
    count(direction, bytes) {
      if (expired()) collecting = false;
      if (!collecting) return;
      totals[direction] += bytes;
      totals.messages++;
      totals.max = Math.max(totals.max, bytes);
      write();
    },
    beforeRead(path) {
      refuseInstanceRead(path, faults);
      if (expired()) collecting = false;
      write();
    },
    execute(path) {
      if (path.resourceId === 6) {
        if (faults.has('reject-statistics-start')) return { code: '4.05' };
        reset();
        collecting = true;
        since = Date.now();
      } else if (path.resourceId === 7) {
        if (faults.has('reject-statistics-stop')) return { code: '4.05' };
        collecting = false;
      }
      write();
      return undefined;
    },
    write(path, records, mode) {
      if (faults.has('reject-collection-period-write')) return { code: '4.05' };
      if (faults.has('ignore-collection-period-write')) return { code: '2.04' };
      store.write(path, records, mode);
      return { code: '2.04' };
    },
  };
}

/** The transport with every datagram in and out counted by `count` (the statistics above). */
export function countingTransport(transport: DatagramTransport, count: (direction: 'tx' | 'rx', bytes: number) => void): DatagramTransport {
  // A stream transport (TCP) keeps what makes it one: its connection hooks.
  const stream = isStreamTransport(transport)
    ? {
        reliable: true as const,
        onConnection: transport.onConnection.bind(transport),
        onStreamError: transport.onStreamError.bind(transport),
        closeConnection: transport.closeConnection.bind(transport),
      }
    : {};
  return {
    ...stream,
    scheme: transport.scheme,
    get local() {
      return transport.local;
    },
    send(peer, data) {
      count('tx', data.length);
      return transport.send(peer, data);
    },
    onDatagram(handler) {
      transport.onDatagram((data, peer, info) => {
        count('rx', data.length);
        handler(data, peer, info);
      });
    },
    close: () => transport.close(),
  };
}
