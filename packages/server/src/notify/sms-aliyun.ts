import { createHmac, randomUUID } from 'node:crypto';
import { type Channel, ChannelError, type OutgoingMessage } from './channel.js';

/**
 * Aliyun Dysms SendSms (API version 2017-05-25), RPC style with signature version 1.0
 * (HMAC-SHA1 over the sorted, percent-encoded query). SendSms is not idempotent: our dedup key
 * goes as OutId, and QuerySendDetails (by phone, day and OutId) tells whether a message whose
 * earlier attempt went unanswered already reached the provider, before it is ever sent again.
 */
export type AliyunSmsOptions = {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Template codes registered with the provider, by Warmline template name. */
  templateCodes?: Record<string, string>;
  ratePerSecond?: number;
  timeoutMs?: number;
};

/** RFC 3986 encoding as Aliyun's POP signature requires. */
export const percentEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Signature v1: base64(HMAC-SHA1(secret + '&', method + '&%2F&' + encode(canonical query))). */
export function signAliyun(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

/** The calendar day in Beijing (Aliyun's SendDate, yyyyMMdd); China keeps no daylight saving. */
export const beijingDay = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** How far back QuerySendDetails can look. */
const QUERY_DAYS = 30;

/** The fields of Aliyun's JSON answers that Warmline reads. */
type AliyunJson = {
  Code?: string;
  Message?: string;
  BizId?: string;
  TotalCount?: string;
  SmsSendDetailDTOs?: { SmsSendDetailDTO?: Array<{ OutId?: string; SendDate?: string; SendStatus?: number }> };
};
type AliyunAnswer = { status: number; headers: Headers; json: AliyunJson };

export function aliyunSmsChannel(o: AliyunSmsOptions): Channel {
  /** Signs and POSTs one RPC call; a network failure or timeout is thrown as it is. */
  const call = async (action: string, fields: Record<string, string>): Promise<AliyunAnswer> => {
    const params: Record<string, string> = {
      AccessKeyId: o.accessKeyId,
      Action: action,
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      ...fields,
    };
    const signature = signAliyun('POST', params, o.accessKeySecret);
    const res = await fetch(o.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, Signature: signature }).toString(),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    const json = (await res.json().catch(() => ({}))) as AliyunJson;
    return { status: res.status, headers: res.headers, json };
  };
  const throttled = (a: AliyunAnswer) => a.status === 429 || a.json.Code === 'Throttling' || a.json.Code === 'isv.BUSINESS_LIMIT_CONTROL';

  return {
    name: 'aliyun-sms',
    ratePerSecond: o.ratePerSecond ?? 50,
    async send(msg: OutgoingMessage) {
      let a: AliyunAnswer;
      try {
        a = await call('SendSms', {
          OutId: msg.dedupKey,
          PhoneNumbers: msg.recipient,
          SignName: o.signName,
          TemplateCode: o.templateCodes?.[msg.template] ?? msg.template,
          TemplateParam: JSON.stringify({ ...msg.params, text: msg.text }),
        });
      } catch (e) {
        // The request may have been processed before the connection broke or the timer fired.
        throw new ChannelError(`aliyun: ${(e as Error).message}`, true, undefined, true);
      }
      if (throttled(a)) {
        const retryAfter = Number(a.headers.get('retry-after') ?? '1');
        throw new ChannelError(`aliyun throttled: ${a.json.Code ?? a.status}`, true, Math.max(1, retryAfter) * 1000);
      }
      // A 5xx does not say whether the message went out.
      if (a.status >= 500) throw new ChannelError(`aliyun ${a.status}: ${a.json.Message ?? ''}`, true, undefined, true);
      if (a.json.Code !== 'OK') throw new ChannelError(`aliyun ${a.json.Code}: ${a.json.Message ?? ''}`, false);
      return { providerId: a.json.BizId ?? '' };
    },
    /**
     * QuerySendDetails for the recipient on every Beijing day from `since` to today (at most the
     * 30 days the provider keeps), page by page, looking for our OutId.
     */
    async lookup(msg: OutgoingMessage, window: { since: Date; now: Date }) {
      const now = window.now.getTime();
      const since = window.since;
      const from = Math.max(since.getTime(), now - (QUERY_DAYS - 1) * 86_400_000);
      const today = beijingDay(new Date(now));
      const days: string[] = [];
      for (let t = from; beijingDay(new Date(t)) <= today; t += 86_400_000) days.push(beijingDay(new Date(t)));
      if (days.at(-1) !== today) days.push(today);
      for (const day of days) {
        for (let page = 1; ; page++) {
          let a: AliyunAnswer;
          try {
            a = await call('QuerySendDetails', { PhoneNumber: msg.recipient, SendDate: day, PageSize: '50', CurrentPage: String(page) });
          } catch (e) {
            throw new ChannelError(`aliyun QuerySendDetails: ${(e as Error).message}`, true, undefined, true);
          }
          if (throttled(a)) throw new ChannelError(`aliyun QuerySendDetails throttled: ${a.json.Code ?? a.status}`, true, 1000, true);
          if (a.status >= 500 || a.json.Code !== 'OK')
            throw new ChannelError(
              `aliyun QuerySendDetails ${a.status} ${a.json.Code ?? ''}: ${a.json.Message ?? ''}`,
              true,
              undefined,
              true,
            );
          const rows = (a.json.SmsSendDetailDTOs?.SmsSendDetailDTO ?? []) as Array<{
            OutId?: string;
            SendDate?: string;
            SendStatus?: number;
          }>;
          const hit = rows.find((r) => r.OutId === msg.dedupKey);
          if (hit) return { providerId: `query:${hit.SendDate ?? day}:status-${hit.SendStatus ?? '?'}` };
          if (rows.length === 0 || page * 50 >= Number(a.json.TotalCount ?? 0)) break;
        }
      }
      return null;
    },
  };
}
