import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InFlightBytes } from '../../src/http/body-bytes.js';

test('an address cannot hold more body bytes than its budget, however many requests it splits them into', () => {
  const bytes = new InFlightBytes(100);
  const requests = Array.from({ length: 5 }, () => bytes.open('10.0.0.1'));
  assert.deepEqual(requests.map((r) => r.take(30)), [true, true, true, false, false]);
  assert.equal(bytes.heldBy('10.0.0.1'), 90);
  assert.equal(requests[3].take(10), true, 'what fits still fits');
  assert.equal(requests[4].take(1), false);
});

test('addresses have budgets of their own; a release gives back exactly what its request took, once', () => {
  const bytes = new InFlightBytes(100);
  const a = bytes.open('10.0.0.1');
  const b = bytes.open('10.0.0.2');
  assert.equal(a.take(100), true);
  assert.equal(b.take(100), true, 'another address is not charged for the first');
  const a2 = bytes.open('10.0.0.1');
  a.release();
  a.release();
  assert.equal(bytes.heldBy('10.0.0.1'), 0);
  assert.equal(a2.take(60), true);
  a.release();
  assert.equal(bytes.heldBy('10.0.0.1'), 60, 'a second release does not free what another request holds');
});
