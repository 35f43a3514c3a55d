import {
  COUNT_KEYS,
  FORM_LABELS,
  type ReportRow,
  type StatisticsForm,
  YEAR_KEYS,
  type YearKey,
  formRows,
} from './forms';

/**
 * A report being filled in, and the checks the server makes (libs/forms statistics report.rules),
 * made here first so that every mistake is named at its cell before anything is sent.
 */

export interface DraftRow {
  readonly group: string | null;
  readonly field: string;
  readonly thisYear: Readonly<Record<string, number | null>>;
  readonly nextYear: Readonly<Record<string, number | null>>;
  readonly note: string;
}

export interface Draft {
  readonly fundingWan: number | null;
  readonly rows: readonly DraftRow[];
}

/** A problem at one place: `fundingWan`, `rows[3].thisYear.total`, `rows[3].note` (the server's paths). */
export interface Problem {
  readonly path: string;
  /** For the cell. */
  readonly short: string;
  /** For the list above the table (names the row). */
  readonly full: string;
}

export const MAX_COUNT = 10_000_000;
export const MAX_FUNDING_WAN = 999_999_999_999.99;
export const MAX_NOTE_LENGTH = 200;

export const cellPath = (index: number, year: YearKey, key: string): string =>
  `rows[${index}].${year}.${key}`;

export function emptyDraft(form: StatisticsForm): Draft {
  return draftFromRows(form, []);
}

/** The form's rows in the notice's order, filled from rows the API answered (missing ones empty). */
export function draftFromRows(
  form: StatisticsForm,
  rows: readonly ReportRow[],
  fundingWan: number | null = null,
): Draft {
  const byField = new Map(rows.map((r) => [r.field, r]));
  const counts = (given: Readonly<Record<string, number>> | undefined) =>
    Object.fromEntries(COUNT_KEYS[form].map((k) => [k, given?.[k] ?? null]));
  return {
    fundingWan,
    rows: formRows(form).map((key) => {
      const found = byField.get(key.field);
      return {
        group: key.group,
        field: key.field,
        thisYear: counts(found?.thisYear),
        nextYear: counts(found?.nextYear),
        note: found?.note ?? '',
      };
    }),
  };
}

export const hasAtMostTwoDecimals = (value: number): boolean =>
  Number.isFinite(value) && Math.abs(value) < 1e15 && Number(value.toFixed(2)) === value;

const rowLabel = (index: number, row: DraftRow): string =>
  `第${index + 1}行（${row.group ? `${row.group}·` : ''}${row.field}）`;

export function draftProblems(form: StatisticsForm, draft: Draft): Problem[] {
  const labels = FORM_LABELS[form];
  const problems: Problem[] = [];
  const funding = draft.fundingWan;
  const fundingLabel = labels.fundingHeader;
  if (funding === null) {
    problems.push({
      path: 'fundingWan',
      short: '请填写金额（没有填 0）',
      full: `请填写${fundingLabel}（没有填 0）`,
    });
  } else if (funding < 0) {
    problems.push({ path: 'fundingWan', short: '不能为负数', full: `${fundingLabel}不能为负数` });
  } else if (funding > MAX_FUNDING_WAN) {
    problems.push({ path: 'fundingWan', short: '超出可填报的范围', full: `${fundingLabel}超出可填报的范围` });
  } else if (!hasAtMostTwoDecimals(funding)) {
    problems.push({
      path: 'fundingWan',
      short: '最多保留两位小数',
      full: `${fundingLabel}最多保留两位小数（${funding}）`,
    });
  }
  draft.rows.forEach((row, index) => {
    const where = rowLabel(index, row);
    for (const year of YEAR_KEYS) {
      const yearLabel = labels.years[year];
      for (const key of COUNT_KEYS[form]) {
        const value = row[year][key];
        if (value === null || value === undefined) continue;
        const cell = `${where}：${yearLabel}·${labels.counts[key] ?? key}`;
        const path = cellPath(index, year, key);
        if (value < 0) problems.push({ path, short: '不能为负数', full: `${cell}不能为负数（${value}）` });
        else if (!Number.isInteger(value))
          problems.push({ path, short: '须为整数', full: `${cell}须为整数（${value}）` });
        else if (value > MAX_COUNT) {
          problems.push({
            path,
            short: `不能超过 ${MAX_COUNT}`,
            full: `${cell}不能超过 ${MAX_COUNT}（${value}）`,
          });
        }
      }
      if (form === 'major_strategy') {
        const total = row[year].total ?? 0;
        const nonPublic = row[year].nonPublic ?? 0;
        if (nonPublic > total && Number.isInteger(total) && Number.isInteger(nonPublic)) {
          problems.push({
            path: cellPath(index, year, 'nonPublic'),
            short: '不能多于总数',
            full: `${where}：${yearLabel}中非公有制经济领域培训人数（${nonPublic}）不能多于总数（${total}）`,
          });
        }
      }
    }
    if (row.note.trim().length > MAX_NOTE_LENGTH) {
      problems.push({
        path: `rows[${index}].note`,
        short: `不能超过 ${MAX_NOTE_LENGTH} 个字`,
        full: `${where}：备注不能超过 ${MAX_NOTE_LENGTH} 个字`,
      });
    }
  });
  return problems;
}

/** The rows as the API takes them: every field in the notice's order, empty cells as 0. */
export function payloadRows(form: StatisticsForm, draft: Draft): ReportRow[] {
  const counts = (given: Readonly<Record<string, number | null>>) =>
    Object.fromEntries(COUNT_KEYS[form].map((k) => [k, given[k] ?? 0]));
  return draft.rows.map((row) => ({
    ...(form === 'major_strategy' ? { group: row.group ?? '' } : {}),
    field: row.field,
    thisYear: counts(row.thisYear),
    nextYear: counts(row.nextYear),
    ...(row.note.trim() ? { note: row.note.trim() } : {}),
  }));
}

/** A draft with one cell changed. */
export function withCell(
  draft: Draft,
  index: number,
  year: YearKey,
  key: string,
  value: number | null,
): Draft {
  return {
    ...draft,
    rows: draft.rows.map((row, i) =>
      i === index ? { ...row, [year]: { ...row[year], [key]: value } } : row,
    ),
  };
}

export function withNote(draft: Draft, index: number, note: string): Draft {
  return { ...draft, rows: draft.rows.map((row, i) => (i === index ? { ...row, note } : row)) };
}
