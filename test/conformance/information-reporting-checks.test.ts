import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkChangeConditions,
  checkChangesNotified,
  checkCompositeContent,
  checkCompositeInstances,
  checkEstablished,
  checkObserveSemantics,
  checkSend,
  checkSendValues,
  checkStopped,
  checkTiming,
  intervals,
  isNewer,
  resolveAttributes,
  resolveCompositeAttributes,
  type Notification,
} from '../../src/conformance/checks/information-reporting';
import { renderTimelineSvg } from '../../src/conformance/observation-timeline';
import { encodeComposite } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { ObjectRegistry } from '../../src/lwm2m/model';

const T0 = 1_000_000;
/** A log: the response at T0, then notifications at the given ms, Observe numbers rising from 10. */
function log(times: number[], edit: (n: Notification, i: number) => Partial<Notification> = () => ({})): Notification[] {
  return [0, ...times].map((ms, i) => {
    const n: Notification = {
      at: T0 + ms,
      observe: 10 + i,
      type: i === 0 ? 'ACK' : 'NON',
      code: '2.05',
      contentFormat: 0,
      messageId: i,
      token: 'aa',
    };
    return { ...n, ...edit(n, i) };
  });
}
const value = (v: number) => ({ records: [{ path: LwM2MPath.parse('/3442/0/120'), type: 'integer' as const, value: BigInt(v) }] });

test('attributes resolve from the object down to the path, over the Server defaults, under Observe parameters', () => {
  const written = new Map([
    ['/3', { pmax: 50 }],
    ['/3/0', { pmin: 2 }],
    ['/3/0/7', { pmax: 15 }],
  ]);
  assert.deepEqual(resolveAttributes('/3/0/7', written, { pmin: 1, pmax: 10 }), { pmin: 2, pmax: 15 });
  assert.deepEqual(resolveAttributes('/3/0/8', written, { pmin: 1, pmax: 10 }), { pmin: 2, pmax: 50 });
  assert.deepEqual(resolveAttributes('/3/0/7/1', written, {}, { pmax: 10 }), { pmin: 2, pmax: 10 });
  assert.deepEqual(resolveAttributes('/4/0/1', written, { pmin: 1 }), { pmin: 1 });
});

test('a composite observation takes the written attributes of its paths before the defaults', () => {
  const written = new Map([['/1/0/1', { pmin: 30, pmax: 45 }]]);
  assert.deepEqual(resolveCompositeAttributes(['/1/0/1', '/3/0/16'], written, { pmin: 1, pmax: 10 }), { pmin: 30, pmax: 45 });
  assert.deepEqual(resolveCompositeAttributes(['/3/0/16'], written, { pmin: 1, pmax: 10 }), { pmin: 1, pmax: 10 });
});

test('timing: within pmin..pmax passes; early, late and a silence at the end are named by time and Observe number', () => {
  const attrs = { pmin: 1, pmax: 3 };
  assert.deepEqual(checkTiming(log([1000, 4000, 6900]), attrs, { until: T0 + 9000, toleranceMs: 200 }), []);
  const early = checkTiming(log([1000, 1500]), attrs, { until: T0 + 2000, toleranceMs: 200 });
  assert.match(early.join(), /notification at 1500 ms \(Observe 12\) came 500 ms after the one before, earlier than pmin 1 s/);
  const late = checkTiming(log([3500]), attrs, { until: T0 + 4000, toleranceMs: 200 });
  assert.match(late.join(), /at 3500 ms \(Observe 11\) came 3500 ms .* later than pmax 3 s \(tolerance 200 ms\)/);
  const silent = checkTiming(log([1000]), attrs, { until: T0 + 5000, toleranceMs: 200 });
  assert.match(silent.join(), /nothing came for 4000 ms, longer than pmax 3 s/);
  // A pmax written later is judged from the moment it applies.
  assert.deepEqual(checkTiming(log([9000, 10000]), { pmax: 2 }, { from: T0 + 8500, until: T0 + 11000, toleranceMs: 200 }), []);
  assert.equal(checkTiming(log([9000, 13000]), { pmax: 2 }, { from: T0 + 8500, until: T0 + 13000, toleranceMs: 200 }).length, 1);
});

test('gt/lt/st: a notification before pmax needs a crossing or a step', () => {
  const times = [1000, 2000, 3000];
  assert.deepEqual(
    checkChangeConditions(
      log(times, (_n, i) => value([0, 5, 10, 15][i])),
      '/3442/0/120',
      { st: 5, pmax: 60 },
      200,
    ),
    [],
  );
  const small = checkChangeConditions(
    log(times, (_n, i) => value([0, 1, 2, 3][i])),
    '/3442/0/120',
    { st: 5, pmax: 60 },
    200,
  );
  assert.equal(small.length, 3);
  assert.match(small[0], /notification at 1000 ms \(Observe 11\) reports 1 after 0: no st=5 condition was met/);
  assert.deepEqual(
    checkChangeConditions(
      log(times, (_n, i) => value([0, 4, 6, 7][i])),
      '/3442/0/120',
      { gt: 5, pmax: 60 },
      200,
    ).length,
    2,
    '0→4 and 6→7 cross nothing; 4→6 crosses gt',
  );
  // pmax elapsed: reason enough.
  assert.deepEqual(
    checkChangeConditions(
      log([60000], (_n, i) => value(i)),
      '/3442/0/120',
      { st: 5, pmax: 60 },
      200,
    ),
    [],
  );
});

test('Observe numbers: newer by RFC 7641 §4.4, also across the 2^24 wrap', () => {
  assert.ok(isNewer(10, 0, 11, 1));
  assert.ok(isNewer(0xffffff, 0, 2, 1), 'wraps');
  assert.ok(!isNewer(11, 0, 10, 1));
  assert.ok(isNewer(11, 0, 10, 129_000), 'more than 128 s later');
  assert.deepEqual(checkObserveSemantics(log([1000, 2000])), []);
  const back = checkObserveSemantics(log([1000, 2000], (_n, i) => ({ observe: [10, 12, 11][i] })));
  assert.match(back.join(), /notification at 2000 ms \(Observe 11\) is not newer than Observe 12/);
});

test('same token, Observe option, one Content-Format; strays with another token are named', () => {
  const p = checkObserveSemantics(
    log([1000, 2000], (_n, i) => (i === 2 ? { contentFormat: 110, observe: undefined } : {})),
    [{ at: T0 + 1500, observe: 40, type: 'NON', code: '2.05', messageId: 9, token: 'bb' }],
  );
  assert.match(p.join('|'), /at 2000 ms \(Observe none\) carries no Observe option/);
  assert.match(p.join('|'), /has Content-Format 110 \(application\/senml\+json\), the response had 0/);
  assert.match(p.join('|'), /1 notification\(s\) arrived with a token of no observation, the first at 1500 ms with token bb/);
  assert.match(checkObserveSemantics(log([]), [])[0] ?? 'none', /none/);
  assert.match(checkObserveSemantics([{ ...log([])[0], observe: undefined }]).join(), /no observation was established/);
});

test('cancellation: nothing after the grace', () => {
  assert.deepEqual(checkStopped(log([1000, 2000]), T0 + 1900, 300, 'RST'), []);
  assert.match(
    checkStopped(log([1000, 3000]), T0 + 1900, 300, 'RST').join(),
    /1 notification\(s\) came after the RST .* at 3000 ms \(Observe 12\), 1100 ms after it/,
  );
});

test('composite content: exactly the asked paths', () => {
  const rec = (...paths: string[]) => ({ records: paths.map((p) => ({ path: LwM2MPath.parse(p), type: 'integer' as const, value: 1n })) });
  const asked = ['/1/0/1', '/3/0/11/0'];
  assert.deepEqual(
    checkCompositeContent(
      log([1000], () => rec('/1/0/1', '/3/0/11/0')),
      asked,
    ),
    [],
  );
  assert.match(
    checkCompositeContent(
      log([1000], (_n, i) => rec(...(i ? ['/1/0/1'] : ['/1/0/1', '/3/0/11/0']))),
      asked,
    ).join(),
    /notification at 1000 ms .* lacks \/3\/0\/11\/0/,
  );
  assert.match(
    checkCompositeContent(
      log([], () => rec('/1/0/1', '/3/0/11/0', '/3/0/9')),
      asked,
      'response',
    ).join(),
    /the response carries \/3\/0\/9, which was not asked for/,
  );
  assert.deepEqual(
    checkCompositeContent(
      log([], () => rec('/16/0/0/0', '/16/0/0/1')),
      ['/16/0'],
    ),
    [],
  );
});

test('Send: SenML that decodes, registered objects only, values as read', () => {
  const registry = ObjectRegistry.bundled();
  const records = [
    { path: LwM2MPath.parse('/1/0/1'), type: 'integer' as const, value: 86400n },
    { path: LwM2MPath.parse('/3/0/11/0'), type: 'integer' as const, value: 0n },
  ];
  const ok = checkSend({ contentFormat: 112, payload: encodeComposite(112, records, registry) }, [1, 3], registry);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(checkSendValues(ok.records, [{ path: '/1/0/1', value: '86400' }]), []);
  assert.match(checkSendValues(ok.records, [{ path: '/1/0/1', value: '30' }]).join(), /has \/1\/0\/1 = 86400, a Read gave 30/);
  assert.match(
    checkSend({ contentFormat: 112, payload: encodeComposite(112, records, registry) }, [1], registry).problems.join(),
    /carries \/3\/0\/11\/0, of object\(s\) the client did not register/,
  );
  assert.match(
    checkSend({ contentFormat: 110, payload: Buffer.from('[{"n":') }, [1, 3], registry).problems.join(),
    /not valid application\/senml\+json/,
  );
  assert.match(
    checkSend({ contentFormat: 0, payload: Buffer.from('1') }, [1], registry).problems.join(),
    /not SenML JSON \(110\) or SenML CBOR \(112\)/,
  );
});

test('the timeline SVG shows every notification, the intervals and the pmin/pmax windows', () => {
  const l = log([1000, 2500]);
  const svg = renderTimelineSvg({
    label: '/3/0/7 <voltage>',
    pminMs: 1000,
    pmaxMs: 3000,
    toleranceMs: 200,
    points: l.map((n) => ({ atMs: n.at - T0, observe: n.observe, type: n.type })),
    intervalsMs: intervals(l),
    watchedMs: 4000,
    cancel: { atMs: 3000, how: 'RST' },
    faulty: [2],
  });
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((svg.match(/<circle /g) ?? []).length, 3);
  assert.match(svg, />1000<\/text>.*>1500<\/text>/);
  assert.equal((svg.match(/<rect /g) ?? []).length, 3, 'one window after each point');
  assert.match(svg, /fill="#c00"/, 'the faulty notification in red');
  assert.match(svg, /\/3\/0\/7 &lt;voltage&gt;/);
  assert.match(svg, /RST<\/text>/);
  assert.match(svg, /intervals 1000, 1500 ms/);
});

test('gt/lt/st the other way: a change seen by a Read must be notified once pmin (and epmax) allow', () => {
  const path = '/3442/0/120';
  // Response value 5, a notification at 3000 ms with 9; gt=7 is crossed by a Read at 1200 ms.
  const notified = log([3000], (_n, i) => value(i === 0 ? 5 : 9));
  const at = (ms: number, v: number) => ({ at: T0 + ms, value: v });
  // pmin 2 s: the notification is due by 2000 + tolerance; 3000 is late.
  const late = checkChangesNotified(notified, [at(1200, 8)], path, { gt: 7, pmin: 2, pmax: 10 }, 300, T0 + 5000);
  assert.equal(late.length, 1);
  assert.match(
    late[0],
    /the value 8 seen at 1200 ms crossed gt=7 since 5 \(the response\).*notification at 3000 ms \(Observe 11\).*later than due/,
  );
  // pmin 3 s allows it; so does epmax 2 s (the client evaluates at least every 2 s: due 3200).
  assert.deepEqual(checkChangesNotified(notified, [at(1200, 8)], path, { gt: 7, pmin: 3 }, 300, T0 + 5000), []);
  assert.deepEqual(checkChangesNotified(notified, [at(1200, 8)], path, { gt: 7, pmin: 1, epmax: 2 }, 300, T0 + 5000), []);
  // No condition met (6 is below gt=7, a step of 1 under st=2): nothing due.
  assert.deepEqual(checkChangesNotified(notified, [at(1200, 6)], path, { gt: 7, st: 2, pmin: 1 }, 300, T0 + 5000), []);
  // lt crossed downwards and st stepped, with no notification after it: named, once per lateness.
  const quiet = log([], () => value(5));
  const none = checkChangesNotified(quiet, [at(500, 2), at(900, 1)], path, { lt: 3, st: 2, pmin: 0 }, 300, T0 + 4000);
  assert.equal(none.length, 1);
  assert.match(none[0], /the value 2 seen at 500 ms crossed lt=3 and moved st=2 or more since 5.*no notification came by 800 ms/);
  // Watching ended before the deadline: not judged; no attribute set: nothing to judge.
  assert.deepEqual(checkChangesNotified(quiet, [at(500, 2)], path, { lt: 3, pmin: 5 }, 300, T0 + 4000), []);
  assert.deepEqual(checkChangesNotified(quiet, [at(500, 2)], path, { pmin: 0 }, 300, T0 + 4000), []);
});

test('gt the other way: a notification that arrived while a Read was out is not older than the value read', () => {
  const path = '/3442/0/120';
  // The response says 5; the notification at 2000 ms says 9 (gt=8 crossed); a Read sent at 1990 ms
  // is answered at 2000 ms with 8, the value the client held just before the crossing.
  const notified = log([2000], (_n, i) => value(i === 0 ? 5 : 9));
  const raced = { from: T0 + 1990, at: T0 + 2000, value: 8 };
  assert.deepEqual(checkChangesNotified(notified, [raced], path, { gt: 8, pmin: 0 }, 300, T0 + 4000), []);
  // The same Read sent after the notification arrived shows 9 falling back to 8: a crossing due by 2300 ms.
  const after = { from: T0 + 2001, at: T0 + 2010, value: 8 };
  const late = checkChangesNotified(notified, [after], path, { gt: 8, pmin: 0 }, 300, T0 + 4000);
  assert.equal(late.length, 1);
  assert.match(late[0], /the value 8 seen at 2010 ms crossed gt=8 since 9 .*no notification came by 2310 ms/);
});

test('an Observe-Composite response establishes the observation only as 2.05 with Observe', () => {
  assert.deepEqual(checkEstablished(log([]), 'the Observe-Composite'), []);
  assert.deepEqual(
    checkEstablished(
      log([], () => ({ code: '4.04', observe: undefined })),
      'the Observe-Composite',
    ),
    ['the Observe-Composite was answered 4.04, not 2.05 Content'],
  );
  assert.match(
    checkEstablished(
      log([], () => ({ observe: undefined })),
      'the Observe-Composite',
    )[0],
    /carries no Observe option/,
  );
  assert.deepEqual(checkEstablished([], 'x'), ['no response to x']);
});

test('composite after a Create or Delete: every present path, nothing under an absent one', () => {
  const rec = (p: string) => ({ path: LwM2MPath.parse(p), type: 'string' as const, value: 'v' });
  const [, both] = log([1500], () => ({ records: [rec('/16/0/0/0'), rec('/16/1/0/0')] }));
  const [, first] = log([1500], () => ({ records: [rec('/16/0/0/0')] }));
  assert.deepEqual(checkCompositeInstances(both, T0, ['/16/0', '/16/1'], []), []);
  assert.deepEqual(checkCompositeInstances(first, T0, ['/16/0'], ['/16/1']), []);
  assert.deepEqual(checkCompositeInstances(first, T0, ['/16/0', '/16/1'], []), ['the notification at 1500 ms (Observe 11) lacks /16/1']);
  assert.deepEqual(checkCompositeInstances(both, T0, ['/16/0'], ['/16/1']), [
    'the notification at 1500 ms (Observe 11) carries /16/1/0/0, though /16/1 does not exist',
  ]);
});
