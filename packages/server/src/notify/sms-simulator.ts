import { createServer, type Server } from 'node:http';
import { signAliyun } from './sms-aliyun.js';

export type SimulatorFaults = {
  /** Share of requests answered with HTTP 500 (0–1). */
  fail500?: number;
  /** Share answered with HTTP 429 Throttling. */
  fail429?: number;
  /** Delay before answering, ms. */
  slowMs?: number;
};

export type Delivered = { phone: string; templateCode: string; params: Record<string, unknown>; outId: string; bizId: string; at: Date };

/**
 * A local stand-in for Aliyun Dysms SendSms: checks the signature, answers like the real API,
 * fails on demand (500, 429, slow), and delivers each OutId at most once — a repeat of an OutId
 * returns the first BizId without delivering again, as a provider-side idempotency key would.
 */
export async function startSmsSimulator(opts: { accessKeyId: string; accessKeySecret: string; faults?: SimulatorFaults; port?: number }) {
  const faults: SimulatorFaults = { ...opts.faults };
  const delivered: Delivered[] = [];
  const byOutId = new Map<string, string>();
  let requests = 0;
  let seq = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      requests++;
      const reply = (status: number, json: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
      const params = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? ((req.url ?? '').split('?')[1] ?? '') : body));
      const { Signature, ...signed } = params;
      if (params.AccessKeyId !== opts.accessKeyId || signAliyun(req.method ?? 'POST', signed, opts.accessKeySecret) !== Signature) {
        return reply(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
      }
      if (params.Action !== 'SendSms' || !params.PhoneNumbers || !params.SignName || !params.TemplateCode) {
        return reply(400, { Code: 'MissingParameter', Message: 'PhoneNumbers, SignName and TemplateCode are required' });
      }
      if (faults.fail500 && Math.random() < faults.fail500) return reply(500, { Code: 'InternalError', Message: 'simulated failure' });
      if (faults.fail429 && Math.random() < faults.fail429)
        return reply(429, { Code: 'Throttling', Message: 'simulated throttling' }, { 'retry-after': '1' });
      const outId = params.OutId ?? '';
      const known = outId ? byOutId.get(outId) : undefined;
      if (known) return reply(200, { Code: 'OK', Message: 'OK', BizId: known, RequestId: `req-${requests}` });
      const bizId = `biz-${++seq}`;
      if (outId) byOutId.set(outId, bizId);
      let tp: Record<string, unknown> = {};
      try {
        tp = JSON.parse(params.TemplateParam ?? '{}');
      } catch {
        return reply(400, { Code: 'isv.INVALID_JSON_PARAM', Message: 'TemplateParam is not JSON' });
      }
      delivered.push({ phone: params.PhoneNumbers, templateCode: params.TemplateCode, params: tp, outId, bizId, at: new Date() });
      reply(200, { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: `req-${requests}` });
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  return {
    url,
    delivered,
    faults,
    requests: () => requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type SmsSimulator = Awaited<ReturnType<typeof startSmsSimulator>>;
