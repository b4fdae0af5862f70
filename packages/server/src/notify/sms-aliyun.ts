import { createHmac, randomUUID } from 'node:crypto';
import { type Channel, ChannelError, type OutgoingMessage } from './channel.js';

/**
 * Aliyun Dysms SendSms (API version 2017-05-25), RPC style with signature version 1.0
 * (HMAC-SHA1 over the sorted, percent-encoded query). Our dedup key goes as OutId; the simulator
 * de-duplicates on it, and the dedup key also lets an operator match provider receipts.
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

export function aliyunSmsChannel(o: AliyunSmsOptions): Channel {
  return {
    name: 'aliyun-sms',
    ratePerSecond: o.ratePerSecond ?? 50,
    async send(msg: OutgoingMessage) {
      const params: Record<string, string> = {
        AccessKeyId: o.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: msg.dedupKey,
        PhoneNumbers: msg.recipient,
        RegionId: 'cn-hangzhou',
        SignName: o.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: o.templateCodes?.[msg.template] ?? msg.template,
        TemplateParam: JSON.stringify({ ...msg.params, text: msg.text }),
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const signature = signAliyun('POST', params, o.accessKeySecret);
      const body = new URLSearchParams({ ...params, Signature: signature }).toString();
      let res: Response;
      try {
        res = await fetch(o.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
      } catch (e) {
        throw new ChannelError(`aliyun: ${(e as Error).message}`, true);
      }
      const json = (await res.json().catch(() => ({}))) as { Code?: string; Message?: string; BizId?: string };
      if (res.status === 429 || json.Code === 'Throttling' || json.Code === 'isv.BUSINESS_LIMIT_CONTROL') {
        const retryAfter = Number(res.headers.get('retry-after') ?? '1');
        throw new ChannelError(`aliyun throttled: ${json.Code ?? res.status}`, true, Math.max(1, retryAfter) * 1000);
      }
      if (res.status >= 500) throw new ChannelError(`aliyun ${res.status}: ${json.Message ?? ''}`, true);
      if (json.Code !== 'OK') throw new ChannelError(`aliyun ${json.Code}: ${json.Message ?? ''}`, false);
      return { providerId: json.BizId ?? '' };
    },
  };
}
