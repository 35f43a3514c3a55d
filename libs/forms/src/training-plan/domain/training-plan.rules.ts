import { type Actor, ForbiddenError, RuleViolation, hasRole } from '@ce/kernel';

/**
 * Rules of the annual training plan (培训方案): a stamped PDF that a district bureau or a city-direct
 * department submits to the city bureau once a year (DOMAIN.md "Approvals", "Deadlines of 2020").
 */

/** Where the submitting organisation sits (as the organisation tree says at submission). */
export interface PlanOrg {
  readonly orgId: string;
  readonly name: string;
  readonly kind: 'city' | 'district' | 'department' | 'unit' | 'base';
  /** District bureau above the organisation (the organisation itself for a district bureau). */
  readonly districtId: string | null;
}

/** Declared content types that do not contradict a PDF (the bytes decide: see `isPdf`). */
export const PDF_CONTENT_TYPES: readonly string[] = [
  'application/pdf',
  'application/x-pdf',
  'application/acrobat',
  'text/pdf',
  // Clients that do not know the type say so; the magic bytes are checked all the same.
  'application/octet-stream',
  'binary/octet-stream',
  '',
];

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/**
 * Whether the bytes are a PDF: they start with the header `%PDF-` and a version digit. (Readers
 * tolerate junk before the header; an upload does not: a file that starts otherwise, say a PNG
 * with the text `%PDF-` a few bytes in, is refused.)
 */
export function isPdf(bytes: Uint8Array): boolean {
  const digit = bytes[MAGIC.length];
  return MAGIC.every((b, i) => bytes[i] === b) && digit !== undefined && digit >= 0x30 && digit <= 0x39;
}

/** Whether a declared content type (parameters ignored, case-insensitive) may be a PDF. */
export function isPdfContentType(contentType: string | undefined): boolean {
  const base = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return PDF_CONTENT_TYPES.includes(base);
}

const MAX_FILE_NAME = 120;
export const DEFAULT_FILE_NAME = '培训方案.pdf';

/**
 * The file name to keep: the last path segment (browsers may send `C:\fakepath\…`), without control
 * characters, at most 120 characters, ending in `.pdf`.
 */
export function planFileName(original: string | undefined): string {
  const segment = (original ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = segment.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!clean || clean === '.pdf') return DEFAULT_FILE_NAME;
  const withExtension = /\.pdf$/i.test(clean) ? clean : `${clean}.pdf`;
  if (withExtension.length <= MAX_FILE_NAME) return withExtension;
  return `${withExtension.slice(0, MAX_FILE_NAME - 4)}.pdf`;
}

export function checkPlanYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new RuleViolation('TRAINING_PLAN.INVALID_YEAR', '年度须为 2000 至 2100 之间的整数');
  }
}

/**
 * Who owes (and so submits) a plan: district bureaus, and departments directly under the city. A
 * department under a district reports to its district bureau, which submits the district's plan.
 */
export function owesPlan(org: PlanOrg): boolean {
  return org.kind === 'district' || (org.kind === 'department' && org.districtId === null);
}

/**
 * Who may submit the plan of `org`: a district bureau's `district_reviewer` or a city-direct
 * department's `department_reviewer`, for their own organisation; an admin for any organisation
 * that owes a plan.
 */
export function checkSubmitter(actor: Actor, org: PlanOrg): void {
  if (hasRole(actor, 'admin')) {
    if (!owesPlan(org)) {
      throw new RuleViolation(
        'TRAINING_PLAN.ORG_NOT_ELIGIBLE',
        `「${org.name}」不报送年度培训方案：只有区市人社局和市直部门报送`,
      );
    }
    return;
  }
  const own = actor.orgId === org.orgId;
  const districtBureau = own && org.kind === 'district' && hasRole(actor, 'district_reviewer');
  const cityDepartment =
    own && org.kind === 'department' && org.districtId === null && hasRole(actor, 'department_reviewer');
  if (!districtBureau && !cityDepartment) {
    throw new ForbiddenError(
      'TRAINING_PLAN.NOT_ALLOWED',
      '只有区市人社局或市直部门可以报送本单位的年度培训方案',
    );
  }
}

/** What a stored file must look like in an event: its SHA-256 in hex and its size. */
export function checkFileRef(file: { sha256: string; size: number; fileName: string }): void {
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) {
    throw new RuleViolation('TRAINING_PLAN.INVALID_HASH', '文件摘要（SHA-256）格式不正确');
  }
  if (!Number.isInteger(file.size) || file.size <= 0) {
    throw new RuleViolation('TRAINING_PLAN.EMPTY_FILE', '上传的文件是空文件');
  }
  if (!file.fileName.trim()) {
    throw new RuleViolation('TRAINING_PLAN.FILE_NAME_REQUIRED', '文件名不能为空');
  }
}
