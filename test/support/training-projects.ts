import { ApiResponse, type Session } from './api-client';
import { type Inbox, type Step, type Task, type TaskOutcome, inbox } from './yantai';

/** Training projects (附件1) over HTTP: inputs, views, tasks, and the multipart / binary calls they need. */

export interface ProjectInput {
  readonly year: number;
  readonly organizerOrgId: string;
  readonly name: string;
  readonly hours: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly place: string;
  readonly audience: string;
  readonly contact: string;
  readonly cityWide: boolean;
}

export interface ProjectSubmitted {
  readonly id: string;
  readonly status: string;
  readonly position: string;
}

export interface ProjectView extends ProjectInput {
  readonly id: string;
  readonly organizerName: string;
  readonly districtId: string | null;
  readonly source: 'form' | 'import';
  readonly status: string;
  readonly submittedBy: string | null;
  readonly steps: readonly Step[];
}

export interface CatalogueItem extends ProjectInput {
  readonly id: string;
  readonly organizerName: string;
  readonly districtId: string | null;
  readonly approvedBy: string | null;
  readonly approvedByName: string | null;
  readonly approvedAt: string;
}

export interface ImportRow {
  readonly row: number;
  readonly ok: boolean;
  readonly id?: string;
  readonly status?: string | null;
  readonly duplicate?: boolean;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

export interface ImportResult {
  readonly rows: readonly ImportRow[];
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly position: string | null;
}

let projectCounter = 0;

/** A valid 2020 project of `organizerOrgId`, with a name of its own unless overridden. */
export function project(
  organizerOrgId: string,
  overrides: Partial<Omit<ProjectInput, 'organizerOrgId'>> = {},
): ProjectInput {
  projectCounter += 1;
  return {
    year: 2020,
    organizerOrgId,
    name: `专业技术人员能力提升培训（第${projectCounter}期）`,
    hours: 24,
    startDate: '2020-10-12',
    endDate: '2020-10-14',
    place: '烟台市芝罘区',
    audience: '本单位专业技术人员',
    contact: '王老师 0535-6600000',
    cityWide: false,
    ...overrides,
  };
}

export async function submitProject(session: Session, input: ProjectInput): Promise<ProjectSubmitted> {
  return (await session.post('/api/v1/training-projects', input)).expectStatus<ProjectSubmitted>(201);
}

export async function getProject(session: Session, id: string): Promise<ProjectView> {
  return (await session.getFresh(`/api/v1/training-projects/${id}`)).expectStatus<ProjectView>(200);
}

export async function projectInbox(session: Session): Promise<Inbox> {
  return inbox(session, { subjectType: 'training_project' });
}

export async function findProjectTask(session: Session, projectId: string): Promise<Task | undefined> {
  return (await projectInbox(session)).items.find((t) => t.subjectId === projectId);
}

export async function requireProjectTask(session: Session, projectId: string): Promise<Task> {
  const task = await findProjectTask(session, projectId);
  if (!task) throw new Error(`${session.user.username} has no task for training project ${projectId}`);
  return task;
}

/** The reviewer approves the project's task in their inbox. */
export async function approveProject(session: Session, projectId: string): Promise<TaskOutcome> {
  const task = await requireProjectTask(session, projectId);
  return (
    await session.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/approve`, { comment: '同意' })
  ).expectStatus<TaskOutcome>(200);
}

/** Each reviewer in turn approves the project; answers the last outcome. */
export async function approveProjectThrough(
  projectId: string,
  reviewers: readonly Session[],
): Promise<TaskOutcome> {
  let outcome: TaskOutcome | undefined;
  for (const reviewer of reviewers) outcome = await approveProject(reviewer, projectId);
  if (!outcome) throw new Error('no reviewer given');
  return outcome;
}

export async function catalogue(
  session: Session,
  query: Record<string, string | number | boolean> = {},
): Promise<CatalogueItem[]> {
  return (await session.getFresh('/api/v1/catalogue', { query })).expectStatus<{ items: CatalogueItem[] }>(
    200,
  ).items;
}

export interface UploadFile {
  readonly name: string;
  readonly type: string;
  readonly data: Uint8Array;
}

/** A multipart/form-data POST: `file` plus text fields. */
export async function upload(
  session: Session,
  path: string,
  file: UploadFile | null,
  fields: Readonly<Record<string, string>> = {},
): Promise<ApiResponse> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file) form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const url = new URL(path, session.api.baseUrl);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
    },
    body: form,
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = text.length > 0 && type.includes('json') ? JSON.parse(text) : text;
  if (response.ok && typeof body === 'object' && body !== null && 'position' in body)
    session.api.note(body.position);
  return new ApiResponse('POST', url.pathname, response.status, response.headers, body);
}

/** A GET whose body is binary (an export), after every command answered so far. */
export async function download(
  session: Session,
  path: string,
  query: Readonly<Record<string, string | number>> = {},
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const url = new URL(path, session.api.baseUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  if (session.api.latest !== null) url.searchParams.set('after', session.api.latest);
  const response = await fetch(url, {
    headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
  });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
