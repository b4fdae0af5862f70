import { expect } from 'vitest';
import type { TestServer } from '../test-server.js';

type User = Parameters<TestServer['tokenFor']>[0];

/**
 * Orders a test files by name through the API and moves by name: `file` as the agent (201),
 * `act` as any seeded user (200). `server` is read at each call, as tests start it in beforeAll.
 */
export function namedOrders(server: () => TestServer) {
  const id: Record<string, string> = {};
  const file = async (name: string, body: Record<string, unknown>) => {
    const s = server();
    const res = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id[name] = res.body.id;
  };
  const act = async (name: string, user: User, body: Record<string, unknown>) => {
    const s = server();
    const res = await s.call('POST', `/api/v1/tickets/${id[name]}/actions`, await s.tokenFor(user), body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  return { id, file, act };
}
