import { isIP } from 'node:net';
import { z } from 'zod';
import { passwordProblem } from './auth/password-policy.js';

/** Every environment variable Warmline reads, parsed once at start. */
const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    WARMLINE_DATA_DIR: z.string().min(1).default('./data'),
    WARMLINE_ADMIN_PASSWORD: z
      .string()
      .superRefine((v, ctx) => {
        const problem = passwordProblem(v, 'admin');
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    WARMLINE_DEMO: z.enum(['0', '1']).default('0'),
    WARMLINE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    WARMLINE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    // A database that went silent must give a quick 503, not a hung request (README: Durability).
    WARMLINE_DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(2500),
    WARMLINE_DB_LONG_QUERY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
    WARMLINE_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(12),
    // Where residents and client systems reach Warmline (Open311 discovery); never taken from the Host header.
    WARMLINE_PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !/[?#]/.test(u), 'must be a base address without query or fragment')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Behind a reverse proxy: how many proxies stand in front, or which addresses they have.
    // 'true' would believe X-Forwarded-For from anyone, so any client could pick its own address.
    WARMLINE_TRUST_PROXY: z
      .string()
      .default('false')
      .superRefine((v, ctx) => {
        const problem = trustProxyProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    // Message delivery (src/notify): SMS provider, its credentials and rate, and SMTP for email.
    WARMLINE_SMS_PROVIDER: z.enum(['simulator', 'aliyun', 'http', 'off']).default('simulator'),
    WARMLINE_SMS_URL: z.url().optional(),
    WARMLINE_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
    WARMLINE_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
    WARMLINE_SMS_SIGN_NAME: z.string().min(1).default('暖线'),
    WARMLINE_SMS_RATE: z.coerce.number().int().min(1).max(10_000).default(50),
    WARMLINE_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    WARMLINE_MAIL_FROM: z.string().min(3).default('Warmline <noreply@localhost>'),
  })
  .superRefine((e, ctx) => {
    // A real SMS provider needs its address (and Aliyun its keys); named here so one message lists every gap.
    const needs: string[] = [];
    if (e.WARMLINE_SMS_PROVIDER === 'aliyun' || e.WARMLINE_SMS_PROVIDER === 'http') needs.push('WARMLINE_SMS_URL');
    if (e.WARMLINE_SMS_PROVIDER === 'aliyun') needs.push('WARMLINE_SMS_ACCESS_KEY_ID', 'WARMLINE_SMS_ACCESS_KEY_SECRET');
    for (const key of needs) {
      if (!e[key as keyof typeof e])
        ctx.addIssue({ code: 'custom', path: [key], message: `required when WARMLINE_SMS_PROVIDER=${e.WARMLINE_SMS_PROVIDER}` });
    }
  });

export type Config = {
  port: number;
  host: string;
  database:
    | { kind: 'postgres'; url: string; poolSize: number; queryTimeoutMs: number; longQueryTimeoutMs: number }
    | { kind: 'pglite'; dataDir: string };
  adminPassword: string | undefined;
  demo: boolean;
  role: 'all' | 'api' | 'worker';
  sessionHours: number;
  /** Base address for links given to the outside, without a trailing slash. */
  publicUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Whom to believe about the client address (per-IP rate limits): nobody, the last N hops, or these proxies. */
  trustProxy: false | number | string[];
  notify: NotifyConfig;
};

export type NotifyConfig = {
  sms:
    | { provider: 'simulator' | 'off'; rate: number; signName: string }
    | { provider: 'aliyun'; url: string; accessKeyId: string; accessKeySecret: string; signName: string; rate: number }
    | { provider: 'http'; url: string; token?: string; rate: number; signName: string };
  smtp: { url: string; from: string } | null;
};

export class ConfigError extends Error {}

const proxyList = (v: string) =>
  v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);

/** An address, or an address/prefix length (CIDR) of the right size for its family. */
function isAddressOrCidr(s: string): boolean {
  const [address, bits, extra] = s.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Why a WARMLINE_TRUST_PROXY value is refused, or null when it is fine. */
export function trustProxyProblem(v: string): string | null {
  if (v === 'false') return null;
  if (v === 'true')
    return "'true' is refused: it believes X-Forwarded-For from any client, which can then choose its own address and escape every per-address limit. Give the number of proxies in front of Warmline (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.5,10.1.0.0/16)";
  if (/^\d+$/.test(v)) return Number(v) >= 1 && Number(v) <= 10 ? null : 'a hop count must be between 1 and 10';
  const bad = proxyList(v).filter((a) => !isAddressOrCidr(a));
  if (bad.length || !proxyList(v).length)
    return `not a proxy address or CIDR: ${bad.join(', ') || '(empty)'}; give a hop count or a comma-separated list of addresses/CIDRs`;
  return null;
}

/**
 * The trust setting as Fastify takes it. A hop count trusts the last N addresses of the chain
 * (the socket peer and N-1 forwarded ones), so the client is the address just before them.
 */
export function fastifyTrustProxy(t: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_address: string, hop: number) => hop < t : t;
}

function parseTrustProxy(v: string): false | number | string[] {
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return proxyList(v);
}

/** Parses the environment; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const sms: NotifyConfig['sms'] =
    e.WARMLINE_SMS_PROVIDER === 'aliyun'
      ? {
          provider: 'aliyun',
          url: e.WARMLINE_SMS_URL!,
          accessKeyId: e.WARMLINE_SMS_ACCESS_KEY_ID!,
          accessKeySecret: e.WARMLINE_SMS_ACCESS_KEY_SECRET!,
          signName: e.WARMLINE_SMS_SIGN_NAME,
          rate: e.WARMLINE_SMS_RATE,
        }
      : e.WARMLINE_SMS_PROVIDER === 'http'
        ? {
            provider: 'http',
            url: e.WARMLINE_SMS_URL!,
            token: e.WARMLINE_SMS_ACCESS_KEY_SECRET,
            signName: e.WARMLINE_SMS_SIGN_NAME,
            rate: e.WARMLINE_SMS_RATE,
          }
        : { provider: e.WARMLINE_SMS_PROVIDER, signName: e.WARMLINE_SMS_SIGN_NAME, rate: e.WARMLINE_SMS_RATE };
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolSize: e.WARMLINE_DB_POOL_SIZE,
          queryTimeoutMs: e.WARMLINE_DB_QUERY_TIMEOUT_MS,
          longQueryTimeoutMs: e.WARMLINE_DB_LONG_QUERY_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir: e.WARMLINE_DATA_DIR },
    adminPassword: e.WARMLINE_ADMIN_PASSWORD,
    demo: e.WARMLINE_DEMO === '1',
    role: e.WARMLINE_ROLE,
    sessionHours: e.WARMLINE_SESSION_HOURS,
    publicUrl: (e.WARMLINE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.WARMLINE_TRUST_PROXY),
    notify: { sms, smtp: e.WARMLINE_SMTP_URL ? { url: e.WARMLINE_SMTP_URL, from: e.WARMLINE_MAIL_FROM } : null },
  };
}
