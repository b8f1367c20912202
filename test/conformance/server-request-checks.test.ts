/** The judging rules for requests a server DUT sends: each can pass and each can fail, with the words of the diagnosis. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uintOption, OptionNumber, uriOptions, type CoapMessage } from '../../src/coap/message';
import { ContentFormat, encodeContent } from '../../src/lwm2m/content';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { LwM2MPath } from '../../src/lwm2m/path';
import {
  attributeQueryProblem,
  decodeWrite,
  depthQueryProblem,
  linksProblem,
  reportedFailureProblem,
  shapeProblem,
  valuesProblem,
} from '../../src/conformance/server-dut/request-checks';
import { actionValue } from '../../src/conformance/server-dut/device-management';

const registry = ObjectRegistry.bundled();

function message(code: string, pathAndQuery: string, extra: Partial<CoapMessage> = {}): CoapMessage {
  return {
    type: 'CON',
    code,
    messageId: 1,
    token: Buffer.from([1]),
    options: uriOptions(pathAndQuery),
    payload: Buffer.alloc(0),
    ...extra,
  };
}

test('shape: method, path, Content-Format, Accept, Observe and payload are judged in that order', () => {
  const put = message('0.03', '/1/0/2', {
    options: [...uriOptions('/1/0/2'), uintOption(OptionNumber.ContentFormat, 0)],
    payload: Buffer.from('101'),
  });
  assert.equal(shapeProblem('the Write', put, { method: 'PUT', path: '/1/0/2', contentFormat: 0 }), undefined);
  assert.match(shapeProblem('the Write', put, { method: 'POST', path: '/1/0/2' })!.actual, /sent PUT \/1\/0\/2/);
  assert.match(shapeProblem('the Write', put, { method: 'PUT', path: '/1/0/3' })!.expected, /PUT on \/1\/0\/3/);
  assert.match(shapeProblem('the Write', put, { method: 'PUT', path: '/1/0/2', contentFormat: 11542 })!.actual, /Content-Format 0/);
  assert.match(shapeProblem('the Write', put, { method: 'PUT', path: '/1/0/2', payload: null })!.expected, /without a payload/);
  const get = message('0.01', '/3/0');
  assert.match(shapeProblem('the Discover', get, { method: 'GET', path: '/3/0', accept: 40 })!.actual, /carried none/);
  assert.match(shapeProblem('the Observe', get, { method: 'GET', path: '/3/0', observe: 0 })!.actual, /no Observe option/);
  assert.equal(shapeProblem('the Read', get, { method: 'GET', path: '/3/0', accept: null, observe: null, contentFormat: null }), undefined);
});

test('values: a TLV payload holding the values passes; a wrong, missing or undecodable one fails', () => {
  const path = LwM2MPath.parse('/1/0');
  const records = [
    { path: LwM2MPath.parse('/1/0/2'), type: 'integer' as const, value: 101n },
    { path: LwM2MPath.parse('/1/0/7'), type: 'string' as const, value: 'U' },
  ];
  const m = message('0.02', '/1/0', {
    options: [...uriOptions('/1/0'), uintOption(OptionNumber.ContentFormat, ContentFormat.TLV)],
    payload: encodeContent(ContentFormat.TLV, path, records, registry),
  });
  const decoded = decodeWrite(m, path, registry);
  assert.ok('records' in decoded);
  assert.equal(
    valuesProblem(decoded.records, [
      ['/1/0/2', 101],
      ['/1/0/7', 'U'],
    ]),
    undefined,
  );
  assert.match(valuesProblem(decoded.records, [['/1/0/2', 100]])!.actual, /\/1\/0\/2 = 101/);
  assert.match(valuesProblem(decoded.records, [['/1/0/1', 30]])!.actual, /holds no \/1\/0\/1/);
  const broken = decodeWrite({ ...m, payload: Buffer.from([0xc8]) }, path, registry);
  assert.ok('problem' in broken && /decodes as/.test(broken.problem.expected));
  assert.ok('problem' in decodeWrite({ ...m, options: uriOptions('/1/0') }, path, registry));
});

test('Write-Attributes: one option per attribute with numbers; one option holding all of them fails', () => {
  const ok = message('0.03', '/3/0?pmin=10&pmax=200');
  assert.equal(attributeQueryProblem(ok, { pmin: 10, pmax: 200 }), undefined);
  assert.match(attributeQueryProblem(ok, { pmin: 10, pmax: 300 })!.expected, /pmax=300/);
  assert.match(attributeQueryProblem(ok, { pmin: 10 })!.expected, /only the attributes asked for/);
  const one = message('0.03', '/3/0', {
    options: [...uriOptions('/3/0'), { number: OptionNumber.UriQuery, value: Buffer.from('pmin=10&pmax=200') }],
  });
  assert.match(attributeQueryProblem(one, { pmin: 10, pmax: 200 })!.expected, /one Uri-Query option per attribute/);
  assert.match(attributeQueryProblem(message('0.03', '/3/0?pmin=1.5'), { pmin: 1.5 })!.expected, /integer/);
  assert.equal(attributeQueryProblem(message('0.03', '/3/0/7?gt=6.0&st=1'), { gt: 6, st: 1 }), undefined);
});

test('depth: a Discover asked for depth N carries exactly the query depth=N; anything else fails with what it carried', () => {
  const get = (q: string) => message('0.01', `/3${q}`);
  assert.equal(depthQueryProblem(get('?depth=1'), 1), undefined);
  assert.equal(depthQueryProblem(get('?depth=0'), 0), undefined);
  assert.match(depthQueryProblem(get(''), 1)!.actual, /no Uri-Query option/);
  assert.match(depthQueryProblem(get('?depth=2'), 3)!.actual, /depth=2/);
  assert.match(depthQueryProblem(get('?depth=4'), 3)!.expected, /from 0 to 3/);
  assert.match(depthQueryProblem(get('?depth=x'), 1)!.actual, /"depth=x"/);
  assert.match(depthQueryProblem(get('?depth'), 1)!.actual, /"depth"/);
  assert.match(depthQueryProblem(get('?pmin=1'), 1)!.actual, /no depth.*pmin=1/);
  assert.match(depthQueryProblem(get('?depth=1&depth=1'), 1)!.expected, /once/);
  assert.match(depthQueryProblem(get('?depth=1&pmax=2'), 1)!.actual, /pmax=2.*as well/);
  const one = message('0.01', '/3', { options: [...uriOptions('/3'), { number: OptionNumber.UriQuery, value: Buffer.from('depth=1&x') }] });
  assert.ok(depthQueryProblem(one, 1), 'a query squeezed into one option is not depth=1');
});

test('attributes as Observe parameters: the query rule of Write-Attributes holds for a GET with Observe=0', () => {
  const observe = (q: string) =>
    message('0.01', `/3/0/7${q}`, { options: [...uriOptions(`/3/0/7${q}`), uintOption(OptionNumber.Observe, 0)] });
  assert.equal(attributeQueryProblem(observe('?pmin=5&pmax=10'), { pmin: 5, pmax: 10 }), undefined);
  assert.match(attributeQueryProblem(observe('?pmin=5&pmax=60'), { pmin: 5, pmax: 10 })!.actual, /pmax=60/);
  assert.match(attributeQueryProblem(observe(''), { pmin: 5, pmax: 15 })!.actual, /carried \[\]/);
});

test('links: the same links in any order pass; a missing attribute fails', () => {
  const answered = '</3/0>;pmin=10;pmax=200,</3/0/7>;dim=2';
  assert.equal(linksProblem(['</3/0/7>;dim=2', '</3/0>;pmax=200;pmin=10'], answered), undefined);
  assert.match(linksProblem('</3/0>,</3/0/7>;dim=2', answered)!.actual, /reports <\/3\/0>,/);
  assert.match(linksProblem(42, answered)!.actual, /42/);
});

test('action values: one value for a resource, nested by id below an instance', () => {
  assert.equal(actionValue('/1/0/2', [['/1/0/2', 101]]), 101);
  assert.deepEqual(
    actionValue('/16/1', [
      ['/16/1/0/0', 'a'],
      ['/16/1/0/1', 'b'],
    ]),
    { 0: { 0: 'a', 1: 'b' } },
  );
});

test('a refused request: the code or its reason phrase in what the server reports passes; a success fails, with what it reported', () => {
  for (const ok of [
    '4.05',
    '{"code":"4.05"}',
    'result: 4.05 (METHOD_NOT_ALLOWED)',
    'Method Not Allowed',
    { status: 'METHOD_NOT_ALLOWED' },
    405,
  ])
    assert.equal(reportedFailureProblem(ok, '4.05'), undefined, JSON.stringify(ok));
  for (const bad of ['2.04', '{"code":"2.04"}', 'OK', '14.05', '4.051', { success: true }]) {
    const p = reportedFailureProblem(bad, '4.05');
    assert.ok(p, JSON.stringify(bad));
    assert.match(p.expected, /failure the Test Client answered \(4\.05 Method Not Allowed\)/);
    assert.match(p.actual, /^it reports /);
  }
});
