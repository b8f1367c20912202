/** The judging rules for the composite requests a server DUT sends: each can pass and each can fail, with the words of the diagnosis. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Method, uintOption, OptionNumber, type CoapMessage } from '../../src/coap/message';
import { ContentFormat, encodeComposite, encodePathList } from '../../src/lwm2m/content';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { LwM2MPath } from '../../src/lwm2m/path';
import {
  compositeFetchProblem,
  compositePatchShapeProblem,
  compositePatchValuesProblem,
  pathListProblem,
  reportedCompositeProblem,
} from '../../src/conformance/checks/server-composite';

const registry = ObjectRegistry.bundled();
const PATHS = ['/3/0/16', '/3/0/11/0', '/1/0'];

function fetch(opts: { code?: string; cf?: number; accept?: number; observe?: number; payload?: Buffer } = {}): CoapMessage {
  const options = [];
  if (opts.observe !== undefined) options.push(uintOption(OptionNumber.Observe, opts.observe));
  if (opts.cf !== undefined) options.push(uintOption(OptionNumber.ContentFormat, opts.cf));
  if (opts.accept !== undefined) options.push(uintOption(OptionNumber.Accept, opts.accept));
  return {
    type: 'CON',
    code: opts.code ?? Method.FETCH,
    messageId: 1,
    token: Buffer.from([1]),
    options,
    payload:
      opts.payload ??
      encodePathList(
        opts.cf ?? ContentFormat.SENML_JSON,
        PATHS.map((p) => LwM2MPath.parse(p)),
      ),
  };
}

test('Read-Composite: a FETCH with the SenML path list, its Content-Format and Accept passes', () => {
  const m = fetch({ cf: 110, accept: 110 });
  assert.equal(
    compositeFetchProblem('the Read-Composite', m, { observe: null, paths: PATHS, format: 110, acceptRequired: true }),
    undefined,
  );
  // The server's choice of format: either SenML one.
  const cbor = fetch({ cf: 112, accept: 112 });
  assert.equal(
    compositeFetchProblem('the Read-Composite', cbor, { observe: null, paths: [...PATHS].reverse(), acceptRequired: true }),
    undefined,
  );
});

test('Read-Composite: method, Content-Format, Accept, Observe and the body each fail with the words of the diagnosis', () => {
  const want = { observe: null, paths: PATHS, format: 110, acceptRequired: true } as const;
  assert.match(compositeFetchProblem('R', fetch({ code: Method.GET, cf: 110, accept: 110 }), want)!.actual, /sent GET/);
  assert.match(compositeFetchProblem('R', fetch({ cf: 112, accept: 110 }), want)!.actual, /Content-Format 112/);
  assert.match(compositeFetchProblem('R', fetch({ cf: 110 }), want)!.actual, /no Accept option/);
  assert.match(
    compositeFetchProblem('R', fetch({ cf: 110, accept: 40 }), { ...want, format: undefined })!.expected,
    /Accept SenML JSON \(110\) or SenML CBOR/,
  );
  assert.match(compositeFetchProblem('R', fetch({ cf: 110, accept: 110, observe: 0 }), want)!.actual, /Observe=0/);
  // An Observe-Composite needs no Accept, but one that names another format fails.
  assert.equal(compositeFetchProblem('O', fetch({ cf: 110, observe: 0 }), { observe: 0, paths: PATHS }), undefined);
  assert.match(
    compositeFetchProblem('O', fetch({ cf: 110, accept: 11542, observe: 0 }), { observe: 0, paths: PATHS })!.actual,
    /Accept 11542/,
  );
  assert.match(compositeFetchProblem('O', fetch({ cf: 110, accept: 110 }), { observe: 0, paths: PATHS })!.actual, /no Observe option/);
  const garbled = fetch({ cf: 110, accept: 110, payload: Buffer.from('[{"n":"/3/0/16"') });
  const p = compositeFetchProblem('R', garbled, want)!;
  assert.match(p.expected, /decodes as a path list in 110/);
  assert.match(p.actual, /SenML JSON at offset/);
  const short = fetch({
    cf: 110,
    accept: 110,
    payload: encodePathList(
      110,
      PATHS.slice(0, 2).map((x) => LwM2MPath.parse(x)),
    ),
  });
  assert.match(compositeFetchProblem('R', short, want)!.actual, /leaves out \/1\/0/);
});

test('path list: missing, extra and repeated paths each fail', () => {
  assert.equal(pathListProblem('L', ['/1/0', '/3/0/16'], ['/3/0/16', '/1/0']), undefined);
  assert.match(pathListProblem('L', ['/1/0'], ['/3/0/16', '/1/0'])!.actual, /leaves out \/3\/0\/16/);
  assert.match(pathListProblem('L', ['/1/0', '/3/0/16', '/3/0'], ['/3/0/16', '/1/0'])!.actual, /lists \/3\/0 as well/);
  assert.match(pathListProblem('L', ['/1/0', '/3/0/16', '/1/0'], ['/3/0/16', '/1/0'])!.actual, /\/1\/0 more than once/);
});

const ASKED: [string, unknown][] = [
  ['/1/0/1', 61],
  ['/1/0/6', true],
  ['/16/0/0/0', 'aa'],
];

function patch(code: string, cf: number | undefined, payload: Buffer): CoapMessage {
  return {
    type: 'CON',
    code,
    messageId: 1,
    token: Buffer.from([1]),
    options: cf === undefined ? [] : [uintOption(OptionNumber.ContentFormat, cf)],
    payload,
  };
}

function records(values: [string, unknown][]) {
  return values.map(([p, v]) => {
    const path = LwM2MPath.parse(p);
    const type = registry.resource(path.objectId!, path.resourceId!)!.type;
    return { path, type, value: typeof v === 'number' ? BigInt(v) : (v as string | boolean) };
  });
}

test('Write-Composite: an iPATCH with SenML records holding exactly the values asked passes; each rule fails', () => {
  const body = encodeComposite(112, records(ASKED), registry);
  assert.equal(compositePatchShapeProblem('W', patch(Method.iPATCH, 112, body)), undefined);
  assert.equal(compositePatchValuesProblem('W', patch(Method.iPATCH, 112, body), ASKED, registry), undefined);
  assert.match(compositePatchShapeProblem('W', patch(Method.POST, 112, body))!.actual, /sent POST/);
  assert.match(compositePatchShapeProblem('W', patch(Method.iPATCH, undefined, body))!.actual, /no Content-Format option/);
  assert.match(compositePatchShapeProblem('W', patch(Method.iPATCH, 112, body), 110)!.actual, /Content-Format 112/);
  const off = encodeComposite(112, records([['/1/0/1', 62], ...ASKED.slice(1)]), registry);
  assert.match(compositePatchValuesProblem('W', patch(Method.iPATCH, 112, off), ASKED, registry)!.actual, /\/1\/0\/1 = 62/);
  const extra = encodeComposite(112, records([...ASKED, ['/1/0/2', 5]]), registry);
  assert.match(compositePatchValuesProblem('W', patch(Method.iPATCH, 112, extra), ASKED, registry)!.actual, /writes \/1\/0\/2 as well/);
  const cut = patch(Method.iPATCH, 112, body.subarray(0, body.length - 2));
  assert.match(compositePatchValuesProblem('W', cut, ASKED, registry)!.expected, /decodes as records in 112/);
});

test('reported values: as answered, nothing invented for a path left out; an answer that is not values by path fails', () => {
  const answered: [string, unknown][] = [
    ['/1/0/1', 86400],
    ['/1/0/7', 'U'],
  ];
  assert.equal(reportedCompositeProblem({ '/1/0/1': 86400, '/1/0/7': 'U' }, answered, ['/1/0/8']), undefined);
  assert.match(
    reportedCompositeProblem({ '/1/0/1': 86400, '/1/0/7': '' }, answered, [])!.expected,
    /\/1\/0\/7 reported as the Test Client sent it: "U"/,
  );
  assert.match(reportedCompositeProblem({ '/1/0/1': 86400 }, answered, [])!.actual, /missing/);
  assert.match(
    reportedCompositeProblem({ '/1/0/1': 86400, '/1/0/7': 'U', '/1/0/8': null }, answered, ['/1/0/8'])!.expected,
    /no value for \/1\/0\/8/,
  );
  assert.match(reportedCompositeProblem('2.05', answered, [])!.actual, /reports "2.05"/);
});
