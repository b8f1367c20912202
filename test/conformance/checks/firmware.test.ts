import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fw from '../../../src/conformance/checks/firmware';

const seen = (...pairs: [number, number][]): fw.FirmwareStatus[] => pairs.map(([state, result], i) => ({ state, result, at: i * 100 }));

test('a delivery: Idle, Downloading, Downloaded with Result 0 passes; a poll that misses Downloading is allowed', () => {
  assert.deepEqual(fw.checkDownloaded(seen([0, 0], [1, 0], [2, 0])), []);
  assert.deepEqual(fw.checkDownloaded(seen([0, 0], [2, 0])), []);
});

test('a delivery that stays Downloading, or shows a Result, is named', () => {
  assert.match(fw.checkDownloaded(seen([1, 0], [1, 0]))[0], /never reached Downloaded \(2\).*Downloading \(1\)/);
  assert.match(fw.checkDownloaded(seen([1, 4], [2, 0])).join(), /Update Result was 4 at 0 ms, not 0/);
});

test('moves the state machine does not have are named; a State outside 0..3 too', () => {
  assert.match(fw.checkTransitions(seen([2, 0], [1, 0]), 'update')[0], /Downloaded \(2\) to Downloading \(1\)/);
  assert.match(fw.checkTransitions(seen([3, 0], [1, 0]), 'update')[0], /Updating \(3\) to Downloading \(1\)/);
  assert.match(fw.checkTransitions(seen([2, 0], [3, 0]), 'delivery')[0], /a move the delivery does not allow/);
  assert.match(fw.checkTransitions(seen([7, 0]), 'delivery')[0], /State 7 is not a defined state/);
  assert.deepEqual(fw.checkTransitions(seen([2, 0], [3, 0], [0, 1]), 'update'), []);
});

test('a failing delivery must never reach Downloaded and must end with its Result', () => {
  assert.deepEqual(fw.checkDeliveryFailed(seen([1, 0], [0, 5])), []);
  assert.match(fw.checkDeliveryFailed(seen([1, 0], [2, 0]))[0], /reached Downloaded \(2\)/);
  assert.deepEqual(fw.checkEnd(seen([1, 0], [0, 5]), [0], 5), []);
  assert.match(fw.checkEnd(seen([0, 9]), [0], 5).join(), /Update Result 9, not 5 \(integrity check failure\)/);
  assert.match(fw.checkEnd(seen([1, 5]), [0], 5).join(), /ended in State Downloading \(1\), not Idle \(0\)/);
  assert.deepEqual(fw.checkEnd(seen([3, 8]), [2, 3], 8), []);
});

test('an update: from Downloaded through Updating to Idle with Result 1; other Results are named', () => {
  assert.deepEqual(fw.checkUpdating(seen([3, 0], [0, 1])), []);
  assert.match(fw.checkUpdating(seen([3, 4])).join(), /Update Result was 4/);
  assert.match(fw.checkUpdating(seen([1, 0])).join(), /Downloaded \(2\) to Downloading \(1\)/);
});

test('idle, unchanged, not-downloaded and version checks', () => {
  assert.deepEqual(fw.checkIdle({ state: 0, result: 0, at: 0 }), []);
  assert.deepEqual(fw.checkIdle({ state: 1, result: 1, at: 0 }).length, 2);
  assert.match(fw.checkUnchanged({ state: 0, result: 0, at: 0 }, { state: 0, result: 8, at: 0 })[0], /Update Result changed from 0 to 8/);
  assert.match(fw.checkNotDownloaded({ state: 2, result: 0, at: 0 })[0], /Downloaded/);
  assert.match(fw.checkNotDownloaded({ state: 0, result: 42, at: 0 })[0], /not a defined result/);
  assert.deepEqual(fw.checkNewVersion('1.0', '2.0', '2.0'), []);
  assert.match(fw.checkNewVersion('1.0', '1.0', '2.0')[0], /is "1\.0", not the package's "2\.0"/);
  assert.match(fw.checkNewVersion('1.0', '1.0', undefined)[0], /still "1\.0"/);
  assert.match(fw.checkSameVersion('1.0', '2.0')[0], /changed from "1\.0" to "2\.0"/);
});
