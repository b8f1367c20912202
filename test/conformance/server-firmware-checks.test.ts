/** The judging rules of a server's firmware update (src/conformance/server-dut/firmware-checks.ts) on recorded events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  executeProblem,
  pushedPackageProblem,
  reportedResultProblem,
  writtenUriProblem,
} from '../../src/conformance/server-dut/firmware-checks';
import type { FirmwareEvent } from '../../src/peers/test-client/firmware';

const pkg = Buffer.alloc(4096, 7);
const at = 0;
const delivery = (bytes: Buffer, more: Partial<Extract<FirmwareEvent, { kind: 'package' }>> = {}): FirmwareEvent => ({
  kind: 'package',
  at,
  bytes,
  contentFormat: 42,
  blocks: 4,
  problems: [],
  state: 0,
  answer: '2.04',
  ...more,
});
const told = (state?: number, result?: number): FirmwareEvent => ({ kind: 'told', at, state, result, how: 'a Read' });
const execute = (state: number, answer = state === 2 ? '2.04' : '4.05'): FirmwareEvent => ({ kind: 'execute', at, state, answer });

test('push: the package must be equal, application/octet-stream, block-wise when larger than 1024 bytes', () => {
  assert.equal(pushedPackageProblem(pkg, [delivery(Buffer.from([0])), delivery(pkg)], 4), undefined, 'a reset first is fine');
  assert.match(pushedPackageProblem(pkg, [], 0)!.actual, /no package/);
  assert.match(pushedPackageProblem(pkg, [], 3)!.actual, /3 Block1 blocks.*never a complete package/);
  assert.match(pushedPackageProblem(pkg, [delivery(pkg, { contentFormat: 0 })], 4)!.actual, /Content-Format 0/);
  const changed = Buffer.from(pkg);
  changed[100] ^= 1;
  assert.match(pushedPackageProblem(pkg, [delivery(changed)], 4)!.actual, /first different at byte 100/);
  assert.match(pushedPackageProblem(pkg, [delivery(pkg.subarray(0, 4000))], 4)!.actual, /4000 bytes.*equal for the first 4000/);
  assert.match(pushedPackageProblem(pkg, [delivery(pkg, { blocks: undefined })], 0)!.actual, /one datagram/);
  assert.equal(pushedPackageProblem(pkg.subarray(0, 1000), [delivery(pkg.subarray(0, 1000), { blocks: undefined })], 0), undefined);
});

test('pull: the URI written must be the one given', () => {
  const uri = 'http://127.0.0.1:1/fw.bin';
  const write = (u?: string, problem?: string): FirmwareEvent => ({ kind: 'uri', at, uri: u, problem, state: 0, answer: '2.04' });
  assert.equal(writtenUriProblem(uri, [write(''), write(uri)]), undefined);
  assert.match(writtenUriProblem(uri, [write('')])!.actual, /wrote none/);
  assert.match(writtenUriProblem(uri, [write(uri + 'x')])!.actual, /wrote ".*fw\.binx"/);
  assert.match(writtenUriProblem(uri, [write(undefined, 'not a string')])!.actual, /not a string/);
});

test('Update only after the server saw State 2 (Downloaded) since the delivery', () => {
  assert.equal(executeProblem([delivery(pkg), told(1), told(2), execute(2)], 'push'), undefined);
  assert.match(executeProblem([delivery(pkg), execute(1)], 'push')!.actual, /without reading or observing State.*State 1.*4\.05/);
  assert.match(executeProblem([delivery(pkg), told(1), execute(2)], 'push')!.actual, /learning State 1, never 2/);
  assert.match(
    executeProblem([told(2), delivery(pkg), execute(2)], 'push')!.actual,
    /without reading/,
    'a State 2 before the delivery does not count',
  );
  assert.match(executeProblem([delivery(pkg), told(2)], 'push')!.actual, /never did/);
  assert.match(
    executeProblem([delivery(pkg), told(undefined, 0), execute(1)], 'push')!.actual,
    /without reading/,
    'an Update Result is not a State',
  );
});

test('the reported Update Result is the last one the Test Client gave after Update, and 1', () => {
  const flow = [delivery(pkg), told(2), execute(2), told(3), told(0, 1)];
  assert.equal(reportedResultProblem(1, flow, flow.length), undefined);
  assert.equal(reportedResultProblem('1', flow, flow.length), undefined);
  assert.match(reportedResultProblem(1, [delivery(pkg), told(2), execute(2), told(3)], 4)!.actual, /never read the Update Result/);
  assert.match(reportedResultProblem(1, flow, 4)!.actual, /never read/, 'a read after the action answered does not count');
  assert.match(reportedResultProblem(0, flow, flow.length)!.expected, /gave it last: 1/);
  const failed = [delivery(pkg), told(2), execute(2), told(2, 8)];
  assert.match(reportedResultProblem(8, failed, failed.length)!.actual, /ended with Update Result 8/);
  assert.match(reportedResultProblem(1, [delivery(pkg), told(0, 5)], 2)!.actual, /never read/, 'no Update at all');
});
