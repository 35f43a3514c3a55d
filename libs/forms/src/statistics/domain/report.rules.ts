import { DomainError, type FieldError } from '@ce/kernel';
import {
  COUNT_KEYS,
  FORM_LABELS,
  type FormField,
  type KnowledgeUpdateCountKey,
  MAJOR_STRATEGY_GROUPS,
  type MajorStrategyCountKey,
  type StatisticsForm,
  YEAR_KEYS,
  type YearKey,
  formFields,
  isStatisticsForm,
} from './forms';

/** One year of a 附件3 row: people trained in each programme. */
export type KnowledgeUpdateCounts = Readonly<Record<KnowledgeUpdateCountKey, number>>;
/** One year of a 附件4 row: people trained, and of them those from the non-public economy. */
export type MajorStrategyCounts = Readonly<Record<MajorStrategyCountKey, number>>;

export interface KnowledgeUpdateRow {
  readonly field: string;
  readonly thisYear: KnowledgeUpdateCounts;
  readonly nextYear: KnowledgeUpdateCounts;
  readonly note?: string;
}

export interface MajorStrategyRow {
  readonly group: string;
  readonly field: string;
  readonly thisYear: MajorStrategyCounts;
  readonly nextYear: MajorStrategyCounts;
  readonly note?: string;
}

/** A form and its rows: every field of the form once, in the notice's order (missing ones as zeros). */
export type ReportContent =
  | { readonly form: 'knowledge_update'; readonly rows: readonly KnowledgeUpdateRow[] }
  | { readonly form: 'major_strategy'; readonly rows: readonly MajorStrategyRow[] };

export type ReportRow = KnowledgeUpdateRow | MajorStrategyRow;

/** A report as a district bureau or city department fills it in (the organisation comes from elsewhere). */
export interface ReportInput {
  readonly year: number;
  readonly form: string;
  /** 专项经费 (附件3) / 投入经费 (附件4) in 万元. */
  readonly fundingWan: number;
  readonly rows: unknown;
}

export type ValidReport = { readonly year: number; readonly fundingWan: number } & ReportContent;

/** A person count in one cell: at most this many. */
export const MAX_COUNT = 10_000_000;
/** numeric(14,2): below one thousand billion 万元. */
export const MAX_FUNDING_WAN = 999_999_999_999.99;
export const MAX_NOTE_LENGTH = 200;
export const MAX_ROWS = 200;
/** At most this many problems are listed in one refusal. */
const MAX_LISTED = 50;

export interface ReportIssue {
  /** `invalid`: the request is malformed (400); `rule`: a rule of the form says no (422). */
  readonly kind: 'invalid' | 'rule';
  /** Where, as a path into the request body (`rows[2].thisYear.total`). */
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

const issue = (kind: ReportIssue['kind'], field: string, code: string, message: string): ReportIssue => ({
  kind,
  field,
  code: `STATISTICS.${code}`,
  message,
});

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Exactly two decimals or fewer: the double is the one nearest to a whole number of 分. */
export const hasAtMostTwoDecimals = (value: number): boolean =>
  Number.isFinite(value) && Math.abs(value) < 1e15 && Number(value.toFixed(2)) === value;

export function checkYear(year: number): ReportIssue[] {
  return Number.isInteger(year) && year >= 2000 && year <= 2100
    ? []
    : [issue('rule', 'year', 'INVALID_YEAR', '年度须为 2000 至 2100 之间的整数')];
}

export function checkFunding(form: StatisticsForm, fundingWan: unknown): ReportIssue[] {
  const label = FORM_LABELS[form].fundingHeader;
  if (typeof fundingWan !== 'number' || !Number.isFinite(fundingWan)) {
    return [issue('invalid', 'fundingWan', 'MALFORMED_FUNDING', `${label}须为数字`)];
  }
  if (fundingWan < 0) return [issue('rule', 'fundingWan', 'NEGATIVE_FUNDING', `${label}不能为负数`)];
  if (fundingWan > MAX_FUNDING_WAN) {
    return [issue('rule', 'fundingWan', 'FUNDING_TOO_LARGE', `${label}超出可填报的范围`)];
  }
  if (!hasAtMostTwoDecimals(fundingWan)) {
    return [issue('rule', 'fundingWan', 'FUNDING_PRECISION', `${label}最多保留两位小数（${fundingWan}）`)];
  }
  return [];
}

const ROW_KEYS: Readonly<Record<StatisticsForm, readonly string[]>> = {
  knowledge_update: ['field', 'thisYear', 'nextYear', 'note'],
  major_strategy: ['group', 'field', 'thisYear', 'nextYear', 'note'],
};

/** Which group each 附件4 field sits in. */
const GROUP_OF_FIELD: ReadonlyMap<string, string> = new Map(
  MAJOR_STRATEGY_GROUPS.flatMap((g) => g.fields.map((f) => [f, g.group] as const)),
);
const GROUPS: ReadonlySet<string> = new Set(MAJOR_STRATEGY_GROUPS.map((g) => g.group));

interface ParsedRow {
  readonly key: FormField;
  readonly counts: Readonly<Record<YearKey, Readonly<Record<string, number>>>>;
  readonly note?: string;
}

/** 第3行（乡村振兴·新型职业农民） */
function rowLabel(index: number, raw: unknown): string {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const parts = isRecord(raw) ? [text(raw.group), text(raw.field)].filter((p) => p !== null) : [];
  return `第${index + 1}行${parts.length > 0 ? `（${parts.join('·')}）` : ''}`;
}

function parseCounts(
  form: StatisticsForm,
  raw: unknown,
  path: string,
  where: string,
  year: YearKey,
): { counts: Record<string, number> | null; issues: ReportIssue[] } {
  const labels = FORM_LABELS[form];
  const keys: readonly string[] = COUNT_KEYS[form];
  const yearLabel = labels.years[year];
  if (!isRecord(raw)) {
    return {
      counts: null,
      issues: [
        issue('invalid', path, 'MALFORMED_ROW', `${where}：缺少“${yearLabel}”（须含 ${keys.join('、')}）`),
      ],
    };
  }
  const issues: ReportIssue[] = [];
  for (const extra of Object.keys(raw).filter((k) => !keys.includes(k))) {
    issues.push(issue('invalid', `${path}.${extra}`, 'UNKNOWN_PROPERTY', `${where}：不认识的项目“${extra}”`));
  }
  const counts: Record<string, number> = {};
  for (const key of keys) {
    const value = raw[key];
    const cell = `${where}：${yearLabel}·${labels.counts[key] ?? key}`;
    const at = `${path}.${key}`;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push(issue('invalid', at, 'MALFORMED_COUNT', `${cell}须为数字`));
    } else if (value < 0) {
      issues.push(issue('rule', at, 'NEGATIVE_COUNT', `${cell}不能为负数（${value}）`));
    } else if (!Number.isInteger(value)) {
      issues.push(issue('rule', at, 'COUNT_NOT_INTEGER', `${cell}须为整数（${value}）`));
    } else if (value > MAX_COUNT) {
      issues.push(issue('rule', at, 'COUNT_TOO_LARGE', `${cell}不能超过 ${MAX_COUNT}（${value}）`));
    } else {
      counts[key] = value;
    }
  }
  if (issues.length > 0) return { counts: null, issues };
  if (form === 'major_strategy' && (counts.nonPublic ?? 0) > (counts.total ?? 0)) {
    return {
      counts: null,
      issues: [
        issue(
          'rule',
          `${path}.nonPublic`,
          'NON_PUBLIC_EXCEEDS_TOTAL',
          `${where}：${yearLabel}中非公有制经济领域培训人数（${counts.nonPublic}）不能多于总数（${counts.total}）`,
        ),
      ],
    };
  }
  return { counts, issues: [] };
}

function parseRow(
  form: StatisticsForm,
  raw: unknown,
  index: number,
): { row: ParsedRow | null; issues: ReportIssue[] } {
  const path = `rows[${index}]`;
  const where = rowLabel(index, raw);
  if (!isRecord(raw)) {
    return { row: null, issues: [issue('invalid', path, 'MALFORMED_ROW', `${where}不是有效的数据行`)] };
  }
  const issues: ReportIssue[] = [];
  for (const extra of Object.keys(raw).filter((k) => !ROW_KEYS[form].includes(k))) {
    issues.push(issue('invalid', `${path}.${extra}`, 'UNKNOWN_PROPERTY', `${where}：不认识的项目“${extra}”`));
  }
  let key: FormField | null = null;
  const field = typeof raw.field === 'string' ? raw.field.trim() : null;
  const group = typeof raw.group === 'string' ? raw.group.trim() : null;
  const attachment = FORM_LABELS[form].attachment;
  if (field === null) {
    issues.push(issue('invalid', `${path}.field`, 'MALFORMED_ROW', `${where}：缺少“领域”`));
  } else if (form === 'knowledge_update') {
    if (formFields(form).some((f) => f.field === field)) key = { group: null, field };
    else {
      issues.push(
        issue('rule', `${path}.field`, 'UNKNOWN_FIELD', `${where}：“${field}”不是${attachment}中的领域`),
      );
    }
  } else if (group === null) {
    issues.push(issue('invalid', `${path}.group`, 'MALFORMED_ROW', `${where}：缺少领域分类（group）`));
  } else {
    const home = GROUP_OF_FIELD.get(field);
    if (!GROUPS.has(group)) {
      issues.push(
        issue('rule', `${path}.group`, 'UNKNOWN_GROUP', `${where}：“${group}”不是${attachment}中的领域分类`),
      );
    } else if (home === undefined) {
      issues.push(
        issue('rule', `${path}.field`, 'UNKNOWN_FIELD', `${where}：“${field}”不是${attachment}中的领域`),
      );
    } else if (home !== group) {
      issues.push(
        issue(
          'rule',
          `${path}.group`,
          'FIELD_NOT_IN_GROUP',
          `${where}：领域“${field}”属于“${home}”，不属于“${group}”`,
        ),
      );
    } else {
      key = { group, field };
    }
  }
  const counts: Partial<Record<YearKey, Readonly<Record<string, number>>>> = {};
  for (const year of YEAR_KEYS) {
    const parsed = parseCounts(form, raw[year], `${path}.${year}`, where, year);
    issues.push(...parsed.issues);
    if (parsed.counts) counts[year] = parsed.counts;
  }
  let note: string | undefined;
  if (raw.note !== undefined && raw.note !== null) {
    if (typeof raw.note !== 'string') {
      issues.push(issue('invalid', `${path}.note`, 'MALFORMED_ROW', `${where}：备注须为文字`));
    } else if (raw.note.trim().length > MAX_NOTE_LENGTH) {
      issues.push(
        issue('rule', `${path}.note`, 'NOTE_TOO_LONG', `${where}：备注不能超过 ${MAX_NOTE_LENGTH} 个字`),
      );
    } else if (raw.note.trim()) {
      note = raw.note.trim();
    }
  }
  if (issues.length > 0 || !key || !counts.thisYear || !counts.nextYear) return { row: null, issues };
  return {
    row: { key, counts: { thisYear: counts.thisYear, nextYear: counts.nextYear }, ...(note ? { note } : {}) },
    issues: [],
  };
}

function toRow(form: StatisticsForm, key: FormField, parsed: ParsedRow | undefined): ReportRow {
  const counts = (year: YearKey) =>
    Object.fromEntries(COUNT_KEYS[form].map((k) => [k, parsed?.counts[year][k] ?? 0]));
  const note = parsed?.note ? { note: parsed.note } : {};
  return form === 'knowledge_update'
    ? ({
        field: key.field,
        thisYear: counts('thisYear'),
        nextYear: counts('nextYear'),
        ...note,
      } as KnowledgeUpdateRow)
    : ({
        group: key.group ?? '',
        field: key.field,
        thisYear: counts('thisYear'),
        nextYear: counts('nextYear'),
        ...note,
      } as MajorStrategyRow);
}

/** The form's rows in the notice's order: the given ones, and a zero row for every field not given. */
function completeRows(form: StatisticsForm, given: ReadonlyMap<string, ParsedRow>): ReportContent {
  const rows = formFields(form).map((key) => toRow(form, key, given.get(key.field)));
  return form === 'knowledge_update'
    ? { form, rows: rows as KnowledgeUpdateRow[] }
    : { form, rows: rows as MajorStrategyRow[] };
}

/** Every problem of the rows, and the completed rows when there are none. */
export function rowIssues(
  form: StatisticsForm,
  rows: unknown,
): { content: ReportContent | null; issues: ReportIssue[] } {
  if (!Array.isArray(rows)) {
    return { content: null, issues: [issue('invalid', 'rows', 'MALFORMED_ROWS', 'rows 须为数据行的列表')] };
  }
  if (rows.length > MAX_ROWS) {
    return {
      content: null,
      issues: [issue('invalid', 'rows', 'TOO_MANY_ROWS', `数据行不能超过 ${MAX_ROWS} 行`)],
    };
  }
  const issues: ReportIssue[] = [];
  const given = new Map<string, ParsedRow>();
  const firstSeen = new Map<string, number>();
  (rows as readonly unknown[]).forEach((raw, index) => {
    const parsed = parseRow(form, raw, index);
    issues.push(...parsed.issues);
    const field = isRecord(raw) && typeof raw.field === 'string' ? raw.field.trim() : null;
    if (field !== null) {
      const first = firstSeen.get(field);
      if (first !== undefined) {
        issues.push(
          issue(
            'rule',
            `rows[${index}].field`,
            'DUPLICATE_FIELD',
            `${rowLabel(index, raw)}：领域“${field}”重复填报（已在第${first + 1}行填报）`,
          ),
        );
      } else {
        firstSeen.set(field, index);
      }
    }
    if (parsed.row && !given.has(parsed.row.key.field)) given.set(parsed.row.key.field, parsed.row);
  });
  return issues.length > 0 ? { content: null, issues } : { content: completeRows(form, given), issues: [] };
}

/** Every problem of a report; empty when it may be submitted. */
export function reportIssues(input: ReportInput): { report: ValidReport | null; issues: ReportIssue[] } {
  if (!isStatisticsForm(input.form)) {
    return {
      report: null,
      issues: [
        issue(
          'invalid',
          'form',
          'UNKNOWN_FORM',
          `统计表类型须为 knowledge_update（附件3）或 major_strategy（附件4），而不是“${String(input.form)}”`,
        ),
      ],
    };
  }
  const form = input.form;
  const rows = rowIssues(form, input.rows);
  const issues = [...checkYear(input.year), ...checkFunding(form, input.fundingWan), ...rows.issues];
  if (issues.length > 0 || !rows.content) return { report: null, issues };
  return { report: { year: input.year, fundingWan: input.fundingWan, ...rows.content }, issues: [] };
}

/**
 * The report with every field of its form in the notice's order, or a refusal naming every
 * problem: 400 (InvalidInputError) when the request is malformed, else 422 with the first rule's code.
 */
export function validateReport(input: ReportInput): ValidReport {
  const { report, issues } = reportIssues(input);
  if (report) return report;
  const malformed = issues.filter((i) => i.kind === 'invalid');
  const listed = (malformed.length > 0 ? malformed : issues).slice(0, MAX_LISTED);
  const [first] = listed;
  if (!first) throw new Error('a report without issues was not built');
  const errors: FieldError[] = listed.map((i) => ({ field: i.field, message: i.message }));
  const more = issues.length > listed.length ? `；等共 ${issues.length} 处问题` : '';
  throw new DomainError(
    first.code,
    `${listed.map((i) => i.message).join('；')}${more}`,
    malformed.length > 0 ? 'invalid' : 'rule',
    errors,
  );
}

/** The counts of a row as two vectors in the column order of its form (how read models store them). */
export function countsOf(
  form: StatisticsForm,
  row: ReportRow,
): { thisYear: readonly number[]; nextYear: readonly number[] } {
  const keys: readonly string[] = COUNT_KEYS[form];
  const vector = (counts: Readonly<Record<string, number>>) => keys.map((k) => counts[k] ?? 0);
  return { thisYear: vector(row.thisYear), nextYear: vector(row.nextYear) };
}

/** Per-field sums (as count vectors) as the form's rows: every field in the notice's order, zeros where none. */
export function rowsFromTotals(
  form: StatisticsForm,
  totals: ReadonlyMap<string, { thisYear: readonly number[]; nextYear: readonly number[] }>,
): ReportContent {
  const keys: readonly string[] = COUNT_KEYS[form];
  const given = new Map<string, ParsedRow>();
  for (const key of formFields(form)) {
    const found = totals.get(key.field);
    if (!found) continue;
    const counts = (vector: readonly number[]) => Object.fromEntries(keys.map((k, i) => [k, vector[i] ?? 0]));
    given.set(key.field, {
      key,
      counts: { thisYear: counts(found.thisYear), nextYear: counts(found.nextYear) },
    });
  }
  return completeRows(form, given);
}
