/**
 * The reference client's observation engine against the harness's own Observe operations, over
 * real sockets: st is honoured (and the fault ignore-change-conditions is caught by the gt/lt/st
 * check, which no ETS case exercises), and CON notifications are ACKed without ending the
 * observation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDutProfile } from '../../src/conformance/dut-profile';
import { ClientDutSession } from '../../src/conformance/client-dut/session';
import { checkChangeConditions, checkObserveSemantics } from '../../src/conformance/checks/information-reporting';
import { Trace } from '../../src/trace/trace';
import { faultyProfile } from '../e2e/harness';

async function observeWithStep(faults: string[]) {
  const session = new ClientDutSession(loadDutProfile(faultyProfile(faults)), new Trace());
  await session.start();
  try {
    await session.switchOn();
    const ir = session.reporting;
    // /3442/0/120 rises by 1 every 250 ms: with st=5 a notification about every 1.25 s.
    const path = '/3442/0/120';
    const attrs = { pmin: 0, pmax: 60, st: 5 };
    assert.equal((await ir.writeAttributes(path, attrs)).message.code, '2.04');
    const obs = await ir.observe(path, attrs);
    await ir.watch(3000);
    return {
      obs,
      problems: checkChangeConditions(obs.log, path, attrs, ir.toleranceMs),
      semantics: checkObserveSemantics(obs.log, ir.strays),
    };
  } finally {
    await session.close();
  }
}

test('st=5: the reference client notifies steps of 5, over CON and NON notifications', async () => {
  const { obs, problems, semantics } = await observeWithStep([]);
  assert.deepEqual(problems, []);
  assert.deepEqual(semantics, []);
  assert.ok(obs.notifications().length >= 1, `notifications: ${obs.notifications().length}`);
  assert.ok(
    obs.notifications().some((n) => n.type === 'CON'),
    'the first notification is confirmable',
  );
  assert.ok(obs.notifications().length >= 2, 'an ACKed CON notification keeps the observation');
});

test("fault 'ignore-change-conditions': notifications of every change are caught by the st check", async () => {
  const { problems } = await observeWithStep(['ignore-change-conditions']);
  assert.ok(problems.length > 0);
  assert.match(problems[0], /reports \d+ after \d+: no st=5 condition was met, and pmax had not elapsed/);
});
