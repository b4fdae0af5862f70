import { describe, expect, it } from 'vitest';
import { splitHosts } from './multi-host.js';

describe('a multi-host connection string', () => {
  it('becomes one URL per host, in order, keeping user, database and other parameters', () => {
    expect(splitHosts('postgres://app:pw@db1:5432,db2:5433/warmline?target_session_attrs=read-write&sslmode=disable')).toEqual({
      urls: ['postgres://app:pw@db1:5432/warmline?sslmode=disable', 'postgres://app:pw@db2:5433/warmline?sslmode=disable'],
      readWrite: true,
    });
  });
  it('requires a writable server for read-write and primary, not for any', () => {
    expect(splitHosts('postgresql://a,b/x?target_session_attrs=primary').readWrite).toBe(true);
    expect(splitHosts('postgresql://a,b/x?target_session_attrs=any')).toEqual({
      urls: ['postgresql://a/x', 'postgresql://b/x'],
      readWrite: false,
    });
  });
  it('leaves a single-host URL exactly as it was', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/test?application_name=a%20b';
    expect(splitHosts(url)).toEqual({ urls: [url], readWrite: false });
  });
});
