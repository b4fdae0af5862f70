import { createServer, type Server } from 'node:http';
import { beijingDay, signAliyun } from './sms-aliyun.js';

export type SimulatorFaults = {
  /** Share of requests answered with HTTP 500 (0–1), the message not sent. */
  fail500?: number;
  /** Share answered with HTTP 429 Throttling. */
  fail429?: number;
  /** Share of SendSms requests that deliver the message and then drop the connection unanswered. */
  loseReply?: number;
  /** Delay before answering, ms. */
  slowMs?: number;
  /** How long a delivered message takes to show in QuerySendDetails, ms (the real service lags seconds). */
  queryLagMs?: number;
};

export type Delivered = { phone: string; templateCode: string; params: Record<string, unknown>; outId: string; bizId: string; at: Date };

/** yyyy-MM-dd HH:mm:ss in Beijing time, as QuerySendDetails writes dates. */
const beijingTime = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * A local stand-in for Aliyun Dysms: SendSms and QuerySendDetails (API 2017-05-25). It checks the
 * signature, answers like the real API and fails on demand (500, 429, a reply lost after
 * delivering, slow, a lagging status query). Like the real SendSms it is not idempotent: every
 * accepted request is delivered, a repeated OutId included — unless `idempotentOutId` is set, a
 * convenience the real provider does not offer.
 */
export async function startSmsSimulator(opts: {
  accessKeyId: string;
  accessKeySecret: string;
  faults?: SimulatorFaults;
  port?: number;
  idempotentOutId?: boolean;
  /** The simulator's clock (when messages are delivered, which Beijing day they fall on); tests pass theirs. */
  now?: () => Date;
}) {
  const now = opts.now ?? (() => new Date());
  const faults: SimulatorFaults = { ...opts.faults };
  const delivered: Delivered[] = [];
  const byOutId = new Map<string, string>();
  let requests = 0;
  let queries = 0;
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
      if (faults.fail500 && Math.random() < faults.fail500) return reply(500, { Code: 'InternalError', Message: 'simulated failure' });
      if (faults.fail429 && Math.random() < faults.fail429)
        return reply(429, { Code: 'Throttling', Message: 'simulated throttling' }, { 'retry-after': '1' });
      const requestId = `req-${requests}`;

      if (params.Action === 'QuerySendDetails') {
        queries++;
        const pageSize = Number(params.PageSize);
        const page = Number(params.CurrentPage);
        if (!params.PhoneNumber || !/^\d{8}$/.test(params.SendDate ?? '') || !(pageSize >= 1 && pageSize <= 50) || !(page >= 1)) {
          return reply(400, {
            Code: 'MissingParameter',
            Message: 'PhoneNumber, SendDate (yyyyMMdd), PageSize (1-50) and CurrentPage are required',
          });
        }
        const visibleBefore = now().getTime() - (faults.queryLagMs ?? 0);
        const rows = delivered.filter(
          (d) =>
            d.phone === params.PhoneNumber &&
            beijingDay(d.at) === params.SendDate &&
            d.at.getTime() <= visibleBefore &&
            (!params.BizId || d.bizId === params.BizId),
        );
        const pageRows = rows.slice((page - 1) * pageSize, page * pageSize);
        return reply(200, {
          Code: 'OK',
          Message: 'OK',
          RequestId: requestId,
          TotalCount: String(rows.length),
          SmsSendDetailDTOs: {
            SmsSendDetailDTO: pageRows.map((d) => ({
              PhoneNum: d.phone,
              SendStatus: 3,
              ErrCode: 'DELIVERED',
              TemplateCode: d.templateCode,
              Content: String(d.params.text ?? ''),
              SendDate: beijingTime(d.at),
              ReceiveDate: beijingTime(d.at),
              OutId: d.outId,
            })),
          },
        });
      }

      if (params.Action !== 'SendSms' || !params.PhoneNumbers || !params.SignName || !params.TemplateCode) {
        return reply(400, { Code: 'MissingParameter', Message: 'PhoneNumbers, SignName and TemplateCode are required' });
      }
      const outId = params.OutId ?? '';
      const known = opts.idempotentOutId && outId ? byOutId.get(outId) : undefined;
      if (known) return reply(200, { Code: 'OK', Message: 'OK', BizId: known, RequestId: requestId });
      let tp: Record<string, unknown> = {};
      try {
        tp = JSON.parse(params.TemplateParam ?? '{}');
      } catch {
        return reply(400, { Code: 'isv.INVALID_JSON_PARAM', Message: 'TemplateParam is not JSON' });
      }
      const bizId = `biz-${++seq}`;
      if (outId) byOutId.set(outId, bizId);
      delivered.push({ phone: params.PhoneNumbers, templateCode: params.TemplateCode, params: tp, outId, bizId, at: now() });
      if (faults.loseReply && Math.random() < faults.loseReply) return res.destroy();
      reply(200, { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: requestId });
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  return {
    url,
    delivered,
    faults,
    /** Every request, SendSms and QuerySendDetails. */
    requests: () => requests,
    /** QuerySendDetails requests only. */
    queries: () => queries,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
export type SmsSimulator = Awaited<ReturnType<typeof startSmsSimulator>>;
