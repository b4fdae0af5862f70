/**
 * A libpq-style multi-host connection string, which node-postgres does not understand:
 * `postgres://user@db1:5432,db2:5432/name?target_session_attrs=read-write` becomes one URL per
 * host, in order, plus whether a read-write server is required.
 *
 * @example splitHosts('postgres://u@a:1,b:2/db?target_session_attrs=read-write')
 *   // → { urls: ['postgres://u@a:1/db', 'postgres://u@b:2/db'], readWrite: true }
 */
export function splitHosts(url: string): { urls: string[]; readWrite: boolean } {
  const m = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
  if (!m) return { urls: [url], readWrite: false };
  const [, scheme, auth = '', hostList = '', path = '', query = ''] = m;
  const params = new URLSearchParams(query.slice(1));
  const attrs = params.get('target_session_attrs');
  if (attrs === null && !hostList.includes(',')) return { urls: [url], readWrite: false };
  params.delete('target_session_attrs');
  const rest = params.size > 0 ? `?${params.toString()}` : '';
  const hosts = hostList.split(',').filter(Boolean);
  const urls = (hosts.length > 0 ? hosts : ['']).map((h) => `${scheme}${auth}${h}${path}${rest}`);
  return { urls, readWrite: attrs === 'read-write' || attrs === 'primary' };
}
