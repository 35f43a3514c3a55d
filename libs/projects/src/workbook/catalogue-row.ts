import { dateOfExcelInstant, dateOfExcelSerial, normalizeText, parseDateRange } from '../domain/dates';
import {
  type ProjectInput,
  type ProjectIssue,
  checkDates,
  checkHours,
  checkText,
  checkYear,
} from '../domain/training-project.rules';

/** A cell as the sheet holds it, formulas resolved to their results. */
export type CellScalar = string | number | boolean | Date | null;

/** The columns of 附件1 (培训项目目录), in the order the notice prints them. */
export const CATALOGUE_HEADERS = [
  '序号',
  '承办单位',
  '培训项目名称',
  '学时',
  '培训时间',
  '培训地点',
  '培训对象',
  '联系人及电话',
  '是否面向全市',
] as const;

/** One data row of an uploaded 附件1, by column meaning. */
export interface CatalogueSheetRow {
  /** Row number in the sheet, as Excel shows it. */
  readonly row: number;
  readonly organizer: CellScalar;
  readonly name: CellScalar;
  readonly hours: CellScalar;
  readonly period: CellScalar;
  readonly place: CellScalar;
  readonly audience: CellScalar;
  readonly contact: CellScalar;
  readonly cityWide: CellScalar;
}

export interface RowError {
  /** The column header the error is about (Chinese, as in the sheet). */
  readonly field: string;
  readonly message: string;
}

export type ParsedRow =
  | { readonly ok: true; readonly input: ProjectInput; readonly organizerName: string | null }
  | { readonly ok: false; readonly errors: RowError[] };

const COLUMN_OF_FIELD: Readonly<Record<keyof ProjectInput, string>> = {
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

export function cellText(value: CellScalar): string {
  if (value === null) return '';
  if (value instanceof Date) return dateOfExcelInstant(value) ?? '';
  return String(value).trim();
}

/** 学时: a number, or text such as `24`, `12.5学时`. */
export function readHours(value: CellScalar): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const text = normalizeText(value).replace(/(学时|课时|小时)$/, '');
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** 培训时间: a date cell, an Excel serial day, or text (one day or a range). */
export function readPeriod(value: CellScalar): { startDate: string; endDate: string } | null {
  if (value instanceof Date) {
    const day = dateOfExcelInstant(value);
    return day ? { startDate: day, endDate: day } : null;
  }
  if (typeof value === 'number') {
    const day = dateOfExcelSerial(value);
    return day ? { startDate: day, endDate: day } : null;
  }
  return typeof value === 'string' ? parseDateRange(value) : null;
}

/** 是否面向全市: exactly 是 or 否. */
export function readYesNo(value: CellScalar): boolean | null {
  const text = typeof value === 'string' ? normalizeText(value) : '';
  if (text === '是') return true;
  if (text === '否') return false;
  return null;
}

/** Whether every column that carries data is empty (a spare numbered row of the template). */
export function isBlankRow(row: CatalogueSheetRow): boolean {
  return [
    row.organizer,
    row.name,
    row.hours,
    row.period,
    row.place,
    row.audience,
    row.contact,
    row.cityWide,
  ].every((v) => cellText(v) === '');
}

/**
 * One row of 附件1 checked as the form would check it; every problem of the row is reported, in
 * Chinese, against the column it is about. `year`: the catalogue's year when the upload names it,
 * otherwise the year of the training's start.
 */
export function parseCatalogueRow(row: CatalogueSheetRow, year: number | null): ParsedRow {
  const errors: RowError[] = [];
  const fromRules = (issues: ProjectIssue[]) => {
    for (const i of issues) errors.push({ field: COLUMN_OF_FIELD[i.field], message: i.message });
  };
  const name = cellText(row.name);
  const place = cellText(row.place);
  const audience = cellText(row.audience);
  const contact = cellText(row.contact);
  fromRules(checkText('name', name));

  const hours = readHours(row.hours);
  if (hours === null) {
    errors.push({
      field: '学时',
      message: cellText(row.hours)
        ? `学时「${cellText(row.hours)}」不是数字，须填写以 0.5 为单位的数字（如 8、12.5）`
        : '学时不能为空',
    });
  } else {
    fromRules(checkHours(hours));
  }

  const period = readPeriod(row.period);
  const periodText = cellText(row.period);
  const catalogueYear = year ?? (period ? Number(period.startDate.slice(0, 4)) : null);
  if (!period) {
    errors.push({
      field: '培训时间',
      message: periodText
        ? `培训时间「${periodText}」无法识别，请填写如 2020-06-01、2020/6/1、2020.6.1 或 2020.6.1-2020.6.3`
        : '培训时间不能为空',
    });
  } else {
    fromRules(checkDates(period.startDate, period.endDate, catalogueYear));
  }
  if (year !== null) fromRules(checkYear(year));

  fromRules(checkText('place', place));
  fromRules(checkText('audience', audience));
  fromRules(checkText('contact', contact));

  const cityWide = readYesNo(row.cityWide);
  if (cityWide === null) {
    const text = cellText(row.cityWide);
    errors.push({
      field: '是否面向全市',
      message: text ? `是否面向全市须填写“是”或“否”，不能是「${text}」` : '是否面向全市须填写“是”或“否”',
    });
  }

  if (errors.length > 0 || hours === null || !period || cityWide === null || catalogueYear === null) {
    return { ok: false, errors };
  }
  const organizer = cellText(row.organizer);
  return {
    ok: true,
    organizerName: organizer === '' ? null : organizer,
    input: {
      year: catalogueYear,
      name,
      hours,
      startDate: period.startDate,
      endDate: period.endDate,
      place,
      audience,
      contact,
      cityWide,
    },
  };
}
