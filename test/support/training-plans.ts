import { Redis } from 'ioredis';
import PDFDocument from 'pdfkit';
import { Client } from 'pg';
import { createTestDatabase, testQueuePrefix } from '@ce/testing';
import { type StartedApp, startApp } from '../../apps/api/src/bootstrap';
import { Api, type ApiResponse, type Session } from './api-client';
import { type UploadFile, download, upload } from './training-projects';
import {
  ADMIN_PASSWORD,
  CLOCK,
  type Inbox,
  type Step,
  type Task,
  type TaskOutcome,
  type TestSystem,
  inbox,
} from './yantai';

/** Annual training plans (培训方案) over HTTP: a test system with a small upload limit, PDFs, uploads, tasks. */

export interface PlanSystem extends TestSystem {
  readonly started: StartedApp;
  /** Runs SQL against the system's database (to look at what is stored). */
  sql<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The assembled system on a fresh database "in 2020", as `startTestSystem` starts it, with clock
 * control and the environment given on top (e.g. a small `CE_TRAINING_PLAN_MAX_BYTES`).
 */
export async function startPlanSystem(
  label: string,
  env: Readonly<Record<string, string>>,
): Promise<PlanSystem> {
  const database = await createTestDatabase(label);
  const prefix = testQueuePrefix(label);
  let started: StartedApp;
  try {
    started = await startApp({
      CE_REMINDERS_PREFIX: prefix,
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ROLE: 'all',
      CE_BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CE_CLOCK: CLOCK,
      CE_CLOCK_CONTROL: 'true',
      ...env,
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const api = new Api(started.url);
  const admin = await api.login('admin', ADMIN_PASSWORD);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return {
    api,
    admin,
    rootOrgId: admin.user.orgId,
    database,
    started,
    async sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
      return (await client.query(text, params)).rows as T[];
    },
    async close() {
      try {
        await client.end();
        await started.app.close();
        // Only this file's reminder queues: other test files share the Redis server.
        const redis = new Redis(started.config.REDIS_URL);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      } finally {
        await database.drop();
      }
    },
  };
}

/** A real one-page PDF made with pdfkit; `label` makes its bytes (and so its SHA-256) its own. */
export function makePdf(label: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: label, CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text(`Annual training plan: ${label}`);
    doc.end();
  });
}

/** The smallest PDF a reader opens: one empty page, written by hand. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The first bytes of a PNG image, then some more: what a photo of the stamped page looks like. */
export function pngBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00', 'latin1'),
    Buffer.alloc(256, 7),
  ]);
}

export const PDF_TYPE = 'application/pdf';

export const pdfFile = (name: string, data: Uint8Array, type = PDF_TYPE): UploadFile => ({
  name,
  type,
  data,
});

export interface PlanSubmitted {
  readonly id: string;
  readonly status: string;
  readonly sha256: string;
  readonly position: string;
}

export interface PlanView {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly districtId: string | null;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
  readonly status: string;
  readonly submittedBy: string | null;
  readonly steps: readonly Step[];
}

export interface PlanListItem {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly size: number;
  readonly status: string;
}

export function uploadPlan(
  session: Session,
  file: UploadFile | null,
  fields: { year: number | string; orgId: string },
): Promise<ApiResponse> {
  return upload(session, '/api/v1/training-plans', file, { year: String(fields.year), orgId: fields.orgId });
}

export async function submitPlan(
  session: Session,
  file: UploadFile,
  fields: { year: number; orgId: string },
): Promise<PlanSubmitted> {
  return (await uploadPlan(session, file, fields)).expectStatus<PlanSubmitted>(201);
}

export async function getPlan(session: Session, id: string): Promise<PlanView> {
  return (await session.getFresh(`/api/v1/training-plans/${id}`)).expectStatus<PlanView>(200);
}

export async function listPlans(
  session: Session,
  query: Record<string, string | number> = {},
): Promise<PlanListItem[]> {
  return (await session.getFresh('/api/v1/training-plans', { query })).expectStatus<{
    items: PlanListItem[];
  }>(200).items;
}

export function downloadPlan(session: Session, id: string) {
  return download(session, `/api/v1/training-plans/${id}/file`);
}

export async function planInbox(session: Session): Promise<Inbox> {
  return inbox(session, { subjectType: 'training_plan' });
}

export async function requirePlanTask(session: Session, planId: string): Promise<Task> {
  const task = (await planInbox(session)).items.find((t) => t.subjectId === planId);
  if (!task) throw new Error(`${session.user.username} has no task for training plan ${planId}`);
  return task;
}

export async function decidePlan(
  session: Session,
  planId: string,
  decision: 'approve' | 'return' | 'reject',
  body: Record<string, string> = {},
): Promise<TaskOutcome> {
  const task = await requirePlanTask(session, planId);
  return (
    await session.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/${decision}`, body)
  ).expectStatus<TaskOutcome>(200);
}
