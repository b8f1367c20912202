/** Object-level Discover and dim (found with AVSystem Anjay 3.14, a 1.1 client: ETS int-260 step 1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLinkFormat } from '../../../src/lwm2m/link-format';
import { checkDiscoveredLinks, dimOptionalOn, parseExpectedAttributes } from '../../../src/conformance/checks/discover';

const expected = [
  { target: '/3', attributes: parseExpectedAttributes('') },
  { target: '/3/0/7', attributes: parseExpectedAttributes('dim') },
];

test('dim is optional on the resource links of an object Discover for LwM2M 1.0 and 1.1 only', () => {
  assert.equal(dimOptionalOn('/3', '1.1'), true);
  assert.equal(dimOptionalOn('/3', '1.0'), true);
  assert.equal(dimOptionalOn('/3', '1.2'), false);
  assert.equal(dimOptionalOn('/3/0', '1.1'), false);
  assert.equal(dimOptionalOn('/3/0/7', '1.1'), false);
});

test('an object Discover without dim (as Anjay answers a 1.1 server) passes when dim is optional, fails otherwise; a wrong dim fails always', () => {
  const anjay = parseLinkFormat('</3>,</3/0>,</3/0/0>,</3/0/7>,</3/0/11>');
  assert.deepEqual(checkDiscoveredLinks(anjay, expected, false, true), []);
  assert.match(checkDiscoveredLinks(anjay, expected, false, false).join(), /<\/3\/0\/7>;\(no attributes\): no dim/);
  const withDim = parseLinkFormat('</3>,</3/0/7>;dim=2,</3/0/7/0>,</3/0/7/1>');
  assert.deepEqual(checkDiscoveredLinks(withDim, expected, false, true).length, 0);
  const wrongDim = parseLinkFormat('</3>,</3/0/7>;dim=1,</3/0/7/0>,</3/0/7/1>');
  assert.match(checkDiscoveredLinks(wrongDim, expected, false, true).join(), /dim=1 but 2 resource instances/);
});
