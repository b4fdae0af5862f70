import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConfigError, fastifyTrustProxy, loadConfig } from '../../src/config.js';

/** The client address a server configured with this WARMLINE_TRUST_PROXY sees for a request from loopback. */
async function clientAddress(trustProxy: string, forwardedFor?: string) {
  const app = Fastify({ trustProxy: fastifyTrustProxy(loadConfig({ WARMLINE_TRUST_PROXY: trustProxy }).trustProxy) });
  app.get('/ip', async (req) => ({ ip: req.ip }));
  try {
    const res = await app.inject({
      url: '/ip',
      remoteAddress: '127.0.0.1',
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    return (res.json() as { ip: string }).ip;
  } finally {
    await app.close();
  }
}

describe('WARMLINE_TRUST_PROXY', () => {
  it("'true' is refused with a message saying why, since any client could then choose its address", () => {
    expect(() => loadConfig({ WARMLINE_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ WARMLINE_TRUST_PROXY: 'true' })).toThrow(/WARMLINE_TRUST_PROXY: 'true' is refused.*X-Forwarded-For/);
  });

  it('takes a hop count or a list of addresses and CIDRs, and refuses anything else', () => {
    expect(loadConfig({ WARMLINE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ WARMLINE_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16, ::1, fd00::/8' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
    for (const bad of ['0', '11', '10.0.0.0/33', '10.0.0', 'loopback', '10.0.0.1,,everyone', '1.2.3.4/8/9'])
      expect(() => loadConfig({ WARMLINE_TRUST_PROXY: bad }), bad).toThrow('WARMLINE_TRUST_PROXY');
  });

  it('without a setting, X-Forwarded-For is ignored', async () => {
    expect(await clientAddress('false', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('a client cannot choose its address by prepending its own X-Forwarded-For entries', async () => {
    // The proxy at 127.0.0.1 appends the address it saw (198.51.100.7); the client had put 203.0.113.9 first.
    expect(await clientAddress('1', '203.0.113.9, 198.51.100.7')).toBe('198.51.100.7');
    expect(await clientAddress('127.0.0.1', '203.0.113.9, 198.51.100.7')).toBe('198.51.100.7');
    expect(await clientAddress('127.0.0.0/8', '203.0.113.9, 198.51.100.7')).toBe('198.51.100.7');
    // A request that did not come from a listed proxy keeps its socket address.
    expect(await clientAddress('10.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
  });
});
