import { type Channel, ChannelError, type OutgoingMessage } from './channel.js';

/**
 * A generic HTTP SMS gateway: POST JSON {to, text, id} with the dedup key as Idempotency-Key,
 * expecting 2xx {id}. Fits most domestic aggregators' "simple send" endpoints behind a small relay.
 */
export function httpSmsChannel(o: { url: string; token?: string; ratePerSecond?: number; timeoutMs?: number }): Channel {
  return {
    name: 'http-sms',
    ratePerSecond: o.ratePerSecond ?? 50,
    async send(msg: OutgoingMessage) {
      let res: Response;
      try {
        res = await fetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': msg.dedupKey,
            ...(o.token && { authorization: `Bearer ${o.token}` }),
          },
          body: JSON.stringify({ to: msg.recipient, text: msg.text, id: msg.dedupKey }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
      } catch (e) {
        throw new ChannelError(`http-sms: ${(e as Error).message}`, true);
      }
      if (res.status === 429) throw new ChannelError('http-sms throttled', true, Number(res.headers.get('retry-after') ?? '1') * 1000);
      if (res.status >= 500) throw new ChannelError(`http-sms ${res.status}`, true);
      if (!res.ok) throw new ChannelError(`http-sms ${res.status}: ${await res.text()}`, false);
      const json = (await res.json().catch(() => ({}))) as { id?: string };
      return { providerId: json.id ?? '' };
    },
  };
}
