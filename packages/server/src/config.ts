import { z } from 'zod';

/** Every environment variable Warmline reads, parsed once at start. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  WARMLINE_DATA_DIR: z.string().min(1).default('./data'),
  WARMLINE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  WARMLINE_DEMO: z.enum(['0', '1']).default('0'),
  WARMLINE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  WARMLINE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  WARMLINE_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  adminPassword: string | undefined;
  demo: boolean;
  role: 'all' | 'api' | 'worker';
  sessionHours: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
};

export class ConfigError extends Error {}

/** Parses the environment; throws one error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.WARMLINE_DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: e.WARMLINE_DATA_DIR },
    adminPassword: e.WARMLINE_ADMIN_PASSWORD,
    demo: e.WARMLINE_DEMO === '1',
    role: e.WARMLINE_ROLE,
    sessionHours: e.WARMLINE_SESSION_HOURS,
    logLevel: e.LOG_LEVEL,
  };
}
