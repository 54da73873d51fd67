import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp } from './rate-limit.js';

const app = new Hono();
app.get('/ip/:trust', (c) => c.text(clientIp(c, c.req.param('trust') === 'yes')));

describe('clientIp', () => {
  it('takes the entry the platform proxy appended, not one a client forged before it', async () => {
    const res = await app.request('/ip/yes', { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } });
    expect(await res.text()).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const res = await app.request('/ip/no', { headers: { 'x-forwarded-for': '6.6.6.6' } });
    expect(await res.text()).toBe('unknown'); // in-process request: no socket
  });
});
