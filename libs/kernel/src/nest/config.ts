import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/ce'),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    EVENT_STORE: z.enum(['postgres', 'kurrentdb']).default('postgres'),
    KURRENTDB_URL: z.string().min(1).optional(),
    PORT: z.coerce
      .number({ message: 'expected a port number' })
      .int('expected a whole number')
      .min(0)
      .max(65535)
      .default(3000),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Signs audit checkpoints; keep it outside the database. */
    CE_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Minutes between signed audit checkpoints (0: only on demand). */
    CE_AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
    CE_BOOTSTRAP_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    CE_CLOCK: z.iso
      .datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2020-09-01T09:00:00+08:00' })
      .optional(),
    CE_CLOCK_CONTROL: bool.default(false),
    ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    /** Prefix of the reminder queues and keys in Redis (one per test file). */
    CE_REMINDERS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
      .default('ce'),
    /** SMTP server for notice e-mails, e.g. smtp://127.0.0.1:2525 (none: no e-mail channel). */
    CE_SMTP_URL: url(['smtp:', 'smtps:']).optional(),
    CE_SMTP_FROM: z.string().min(3).default('继续教育学时审验系统 <noreply@ce.local>'),
    CE_DEMO: bool.default(false),
    /** Public address of the system (certificate QR codes and verify links); default: the request's own. */
    CE_PUBLIC_URL: url(['http:', 'https:']).optional(),
    CE_TRAINING_PLAN_MAX_BYTES: z.coerce.number().int().min(1024).max(104857600).default(20971520),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Connections to PostgreSQL per process for the event store; read models get three quarters of it. */
    CE_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(16),
    CE_PROJECTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10000).default(500),
    /** Fault injection for crash tests only. */
    CE_PROJECTION_APPLY_DELAY_MS: z.coerce.number().int().min(0).max(60000).default(0),
  })
  .superRefine((env, ctx) => {
    if (env.EVENT_STORE === 'kurrentdb' && !env.KURRENTDB_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['KURRENTDB_URL'],
        message: 'is required when EVENT_STORE=kurrentdb',
      });
    }
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && !env.CE_AUDIT_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['CE_AUDIT_KEY'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (env.NODE_ENV === 'production' && env.CE_CLOCK_CONTROL) {
      ctx.addIssue({
        code: 'custom',
        path: ['CE_CLOCK_CONTROL'],
        message: 'must not be enabled when NODE_ENV=production',
      });
    }
  });

export type AppConfig = z.infer<typeof schema>;

export const APP_CONFIG = Symbol('AppConfig');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; a bad or missing variable is named in the error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "not set" (as `FOO= npm start` gives).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const given = typeof present[name] === 'string' ? ` (got "${present[name]}")` : '';
        return `${name}: ${issue.message}${given}`;
      }),
    );
  }
  return result.data;
}
