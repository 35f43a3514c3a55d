import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WrongExpectedRevisionError } from '@ce/event-store';
import { type CommandContext, OrgDirectory } from '@ce/identity';
import { DomainError, ForbiddenError, hasRole } from '@ce/kernel';
import { DataSource } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { normalizeText } from './domain/dates';
import { type ProjectInput } from './domain/training-project.rules';
import { projectStatus } from './training-project/training-project.decider';
import { SUBMITTER_ROLES, TrainingProjectsService } from './training-projects.service';
import { type RowError, parseCatalogueRow } from './workbook/catalogue-row';
import { loadWorkbook, readCatalogueSheet } from './workbook/catalogue-workbook';

/** Namespace of the ids of imported projects (uuid v5; fixed for this system). */
const IMPORT_NAMESPACE = '3b0f6f0e-5c7a-4f3e-9a51-0d6c2a8e7b14';

export interface ImportRowResult {
  readonly row: number;
  readonly ok: boolean;
  readonly id?: string;
  readonly status?: string | null;
  /** The row names a project this organisation already imported (from this file or an earlier one). */
  readonly duplicate?: boolean;
  readonly errors?: RowError[];
}

export interface ImportResult {
  readonly sheet: string;
  readonly headerRow: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rows: ImportRowResult[];
  readonly position: string | null;
}

/**
 * The id of an imported row: the same importer, organiser, year, name and dates always name the
 * same project, so a file imported twice (or a row repeated in it) submits the project once.
 */
export function importedProjectId(
  importerOrgId: string,
  organizerOrgId: string,
  input: ProjectInput,
): string {
  const key = [
    importerOrgId,
    organizerOrgId,
    input.year,
    normalizeText(input.name),
    input.startDate,
    input.endDate,
  ];
  return uuidv5(key.join('\n'), IMPORT_NAMESPACE);
}

const orgKey = (name: string): string => normalizeText(name).replace(/[（(]盖章[）)]$/, '');

/** 附件1 uploads: each good row is submitted as a training project; a bad row changes nothing. */
@Injectable()
export class TrainingProjectImportService {
  constructor(
    private readonly projects: TrainingProjectsService,
    private readonly orgs: OrgDirectory,
    private readonly dataSource: DataSource,
  ) {}

  async import(file: Buffer, year: number | null, ctx: CommandContext): Promise<ImportResult> {
    if (!hasRole(ctx.actor, ...SUBMITTER_ROLES)) {
      throw new ForbiddenError('TRAINING_PROJECT.NOT_ALLOWED', '无权导入培训项目目录');
    }
    const sheet = readCatalogueSheet(await loadWorkbook(file));
    const sha256 = createHash('sha256').update(file).digest('hex');
    const organizers = await this.organizersByName(ctx);
    // Without a request id: a row's id, not the request, makes its submission happen once.
    const rowCtx: CommandContext = { actor: ctx.actor, now: ctx.now };
    const rows: ImportRowResult[] = [];
    let position: string | null = null;

    for (const sheetRow of sheet.rows) {
      const parsed = parseCatalogueRow(sheetRow, year);
      if (!parsed.ok) {
        rows.push({ row: sheetRow.row, ok: false, errors: parsed.errors });
        continue;
      }
      const organizer = this.organizerOf(parsed.organizerName, organizers, ctx);
      if ('error' in organizer) {
        rows.push({ row: sheetRow.row, ok: false, errors: [organizer.error] });
        continue;
      }
      const id = importedProjectId(ctx.actor.orgId, organizer.orgId, parsed.input);
      const existing = await this.projects.load(id);
      if (existing.project) {
        rows.push({ row: sheetRow.row, ok: true, id, duplicate: true, status: projectStatus(existing) });
        continue;
      }
      try {
        const submitted = await this.projects.submit(
          { ...parsed.input, organizerOrgId: organizer.orgId },
          rowCtx,
          {
            projectId: id,
            source: 'import',
            metadata: { importSha256: sha256, importRow: sheetRow.row },
          },
        );
        position = submitted.position ?? position;
        rows.push({ row: sheetRow.row, ok: true, id, duplicate: false, status: submitted.status });
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          // Another import of the same row got there first.
          rows.push({ row: sheetRow.row, ok: true, id, duplicate: true, status: 'in_review' });
        } else if (error instanceof DomainError) {
          rows.push({ row: sheetRow.row, ok: false, errors: rowErrorsOf(error) });
        } else {
          throw error;
        }
      }
    }
    return {
      sheet: sheet.sheetName,
      headerRow: sheet.headerRow,
      accepted: rows.filter((r) => r.ok && !r.duplicate).length,
      duplicates: rows.filter((r) => r.duplicate).length,
      rejected: rows.filter((r) => !r.ok).length,
      rows,
      position,
    };
  }

  /** Organisations a row's 承办单位 may name: the importer's own and those below it (admins: all), by name. */
  private async organizersByName(ctx: CommandContext): Promise<Map<string, string[]>> {
    const everywhere = hasRole(ctx.actor, 'admin');
    const found: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM rm_orgs WHERE $1::uuid IS NULL OR $1 = ANY (ancestors)`,
      [everywhere ? null : ctx.actor.orgId],
    );
    const own = await this.orgs.get(ctx.actor.orgId);
    if (own && !found.some((o) => o.id === own.orgId)) found.push({ id: own.orgId, name: own.name });
    const byName = new Map<string, string[]>();
    for (const org of found) byName.set(orgKey(org.name), [...(byName.get(orgKey(org.name)) ?? []), org.id]);
    return byName;
  }

  private organizerOf(
    name: string | null,
    byName: ReadonlyMap<string, string[]>,
    ctx: CommandContext,
  ): { orgId: string } | { error: RowError } {
    if (name === null) return { orgId: ctx.actor.orgId };
    const ids = byName.get(orgKey(name)) ?? [];
    const [only] = ids;
    if (ids.length === 1 && only) return { orgId: only };
    return {
      error: {
        field: '承办单位',
        message:
          ids.length === 0
            ? `承办单位「${name}」不是本单位或所属单位，请填写系统中登记的单位全称，或留空表示本单位`
            : `承办单位「${name}」有多个同名单位，无法确定是哪一个`,
      },
    };
  }
}

const FIELD_COLUMNS: Readonly<Record<string, string>> = {
  year: '年度',
  name: '培训项目名称',
  hours: '学时',
  startDate: '培训时间',
  endDate: '培训时间',
  place: '培训地点',
  audience: '培训对象',
  contact: '联系人及电话',
  cityWide: '是否面向全市',
};

function rowErrorsOf(error: DomainError): RowError[] {
  if (error.errors.length === 0) return [{ field: '承办单位', message: error.message }];
  return error.errors.map((e) => ({ field: FIELD_COLUMNS[e.field] ?? e.field, message: e.message }));
}
