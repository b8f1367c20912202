// The Device /3/0 instance used by the TS Core examples of every format (1.0 §6.4.3-6.4.4, 1.1 §7.4).
import { LwM2MPath } from '../../src/lwm2m/path';
import type { ResourceRecord } from '../../src/lwm2m/content';

export const DEVICE_3_0: ResourceRecord[] = (
  [
    ['/3/0/0', 'string', 'Open Mobile Alliance'],
    ['/3/0/1', 'string', 'Lightweight M2M Client'],
    ['/3/0/2', 'string', '345000123'],
    ['/3/0/3', 'string', '1.0'],
    ['/3/0/6/0', 'integer', 1n],
    ['/3/0/6/1', 'integer', 5n],
    ['/3/0/7/0', 'integer', 3800n],
    ['/3/0/7/1', 'integer', 5000n],
    ['/3/0/8/0', 'integer', 125n],
    ['/3/0/8/1', 'integer', 900n],
    ['/3/0/9', 'integer', 100n],
    ['/3/0/10', 'integer', 15n],
    ['/3/0/11/0', 'integer', 0n],
    ['/3/0/13', 'time', 1367491215n],
    ['/3/0/14', 'string', '+02:00'],
    ['/3/0/16', 'string', 'U'],
  ] as const
).map(([p, type, value]) => ({ path: LwM2MPath.parse(p), type, value }));
