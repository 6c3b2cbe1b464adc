import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipAllowList, parseCidr, parseIp } from '../../src/http/cidr.js';

const loopback = ipAllowList(['127.0.0.0/8', '::1/128']);

test('loopback in every spelling is allowed: IPv4, IPv6 and IPv4-mapped IPv6', () => {
  for (const ip of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1', '::FFFF:7f00:1', '0:0:0:0:0:ffff:127.0.0.1']) {
    assert.deepEqual(loopback(ip), { allowed: true }, ip);
  }
});

test('addresses outside the list are refused, with the address in the reason', () => {
  const verdict = loopback('10.0.0.1');
  assert.equal(verdict.allowed, false);
  assert.match((verdict as { reason: string }).reason, /10\.0\.0\.1 is not in http\.ipAllow/);
  for (const ip of ['128.0.0.1', '::2', '::ffff:10.0.0.1', 'fe80::1', '::127.0.0.1']) assert.equal(loopback(ip).allowed, false, ip);
});

test('an unreadable peer address is refused, never let through', () => {
  for (const ip of [undefined, '', 'localhost', '127.0.0.1.evil.com', '127.0.0.1 ', '127.1', '0177.0.0.1', '127.0.0.01', '[::1]', '::1::', '1:2:3:4:5:6:7:8:9', '::ffff:127.0.0.1.5']) {
    assert.equal(loopback(ip).allowed, false, String(ip));
  }
});

test('a zone id on a link-local peer is dropped before matching', () => {
  assert.equal(ipAllowList(['fe80::/10'])('fe80::1%eth0').allowed, true);
});

test('an IPv6 block wider than the mapped space also covers IPv4 peers; a mapped CIDR is an IPv4 block', () => {
  assert.equal(ipAllowList(['::/0'])('203.0.113.7').allowed, true);
  const mapped = ipAllowList(['::ffff:10.0.0.0/104']);
  assert.equal(mapped('10.9.8.7').allowed, true);
  assert.equal(mapped('::ffff:10.9.8.7').allowed, true);
  assert.equal(mapped('11.0.0.1').allowed, false);
});

test('prefix lengths cut exactly at the bit', () => {
  const list = ipAllowList(['192.168.1.128/25', '2001:db8::/32']);
  assert.equal(list('192.168.1.128').allowed, true);
  assert.equal(list('192.168.1.255').allowed, true);
  assert.equal(list('192.168.1.127').allowed, false);
  assert.equal(list('2001:db8:ffff::1').allowed, true);
  assert.equal(list('2001:db9::1').allowed, false);
});

test('unparsable CIDRs are config errors that say what was expected', () => {
  const cases: Array<[string, RegExp]> = [
    ['10.0.0.1/8', /host bits set; the network is 10\.0\.0\.0\/8/],
    ['1.2.3.4/33', /prefix length 0-32/],
    ['::1/129', /prefix length 0-128/],
    ['1.2.3.4/', /prefix length/],
    ['1.2.3.4/-1', /prefix length/],
    ['256.0.0.0/8', /IPv4 or IPv6 address/],
    ['localhost/8', /IPv4 or IPv6 address/],
    ['*', /IPv4 or IPv6 address/],
    ['1.2.3.0/24/1', /ADDRESS\/PREFIX/],
  ];
  for (const [text, reason] of cases) {
    const parsed = parseCidr(text);
    assert.equal(parsed.ok, false, text);
    assert.match((parsed as { reason: string }).reason, reason, text);
  }
  assert.throws(() => ipAllowList(['127.0.0.0/8', 'nonsense']), /http\.ipAllow/);
});

test('a bare address is a one-host block', () => {
  assert.deepEqual(parseCidr('10.1.2.3'), { ok: true, cidr: { family: 4, base: 0x0a010203n, prefix: 32 } });
  assert.deepEqual(parseIp('::ffff:1.2.3.4'), { family: 4, value: 0x01020304n });
});
