import {
  type ClaimKind,
  type HoursPolicy,
  type Subject,
  type YearLedger,
  type YearLedgerStatus,
  computeYearLedger,
  fromHundredths,
  toHundredths,
} from '@ce/hours';
import { assertNever } from '@ce/kernel';

/**
 * A person's yearly record (附件2, 专业技术人员继续教育情况登记表): the year's approved claims by
 * subject and kind, each with who registered it (登记人) and when (登记时间), and the year's total.
 * The totals come from the same computation as the year ledger, so the form and the ledger agree.
 */

/** One approved claim of the year, as the record prints it (make-up claims under the year they make up). */
export interface RecordClaim {
  readonly claimId: string;
  readonly subject: Subject;
  readonly kind: ClaimKind;
  readonly title: string;
  readonly organizer?: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly place?: string;
  readonly hours: number;
  readonly makeUp: boolean;
  readonly certificateNo?: string;
  readonly studyType?: string;
  readonly assessment?: string;
  readonly achievementType?: string;
  readonly achievementLevel?: string;
  /** Display name of who approved the chain's last step (登记人). */
  readonly registrar: string | null;
  /** That approval's date in Asia/Shanghai, YYYY-MM-DD (登记时间). */
  readonly registeredAt: string | null;
}

export interface RecordRow {
  /** 序号, counted within the row's block. */
  readonly seq: number;
  readonly claimId: string;
  readonly kind: ClaimKind;
  readonly title: string;
  readonly organizer: string | null;
  readonly startDate: string;
  readonly endDate: string;
  readonly place: string | null;
  /** Approved hours. */
  readonly hours: number;
  /** Hours that count toward the year: less than `hours` only for competition hours above a cap. */
  readonly countedHours: number;
  /** Why `countedHours` is less than `hours`, as printed on the form; null when it is not. */
  readonly capNote: string | null;
  readonly makeUp: boolean;
  readonly certificateNo: string | null;
  readonly registrar: string | null;
  readonly registeredAt: string | null;
}

/** 自学类: 自学内容 (title), 自学种类, 完成时间 (endDate), 考核方式. */
export interface SelfStudyRow extends RecordRow {
  readonly studyType: string | null;
  readonly assessment: string | null;
}

/** 成果、论文著作类: 名称 (title), 种类, 获奖/发表时间 (endDate), 等级. */
export interface AchievementRow extends RecordRow {
  readonly achievementType: string | null;
  readonly achievementLevel: string | null;
}

export interface YearRecord {
  readonly personId: string;
  readonly name: string;
  readonly unitName: string;
  /** 主管部门; null for a unit without a supervising department. */
  readonly departmentName: string | null;
  readonly year: number;
  /** 公需科目: public claims of every kind. */
  readonly public: readonly RecordRow[];
  readonly professional: {
    /** 培训进修类（含网上学习）: training and online. */
    readonly training: readonly RecordRow[];
    /** 自学类 */
    readonly selfStudy: readonly SelfStudyRow[];
    /** 折算类 · 成果、论文著作类 */
    readonly achievement: readonly AchievementRow[];
    /** 折算类 · 服务基层活动 */
    readonly grassrootsService: readonly RecordRow[];
    /** 其他类: other, and professional competition hours (技能竞赛、技术比武、行业性比赛). */
    readonly other: readonly RecordRow[];
  };
  readonly totalHours: number;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly competition: YearLedger['competition'];
  readonly requirement: YearLedger['requirement'];
  readonly shortfall: YearLedger['shortfall'];
  readonly status: YearLedgerStatus;
}

export type ProfessionalBlock = keyof YearRecord['professional'];

/** Where 附件2 puts a professional claim of each kind. Public claims of any kind go to 公需科目. */
export const PROFESSIONAL_BLOCK_OF_KIND: Readonly<Record<ClaimKind, ProfessionalBlock>> = {
  training: 'training',
  online: 'training',
  self_study: 'selfStudy',
  achievement: 'achievement',
  grassroots_service: 'grassrootsService',
  // DOMAIN.md names no block for competition offsets; they are neither training nor conversions (折算类).
  competition: 'other',
  other: 'other',
};

const SUBJECT_NAMES: Readonly<Record<Subject, string>> = { public: '公需科目', professional: '专业科目' };

/** The record's order: by date, then by title, so the same claims always print the same way. */
function byDate(a: RecordClaim, b: RecordClaim): number {
  return (
    compare(a.startDate, b.startDate) ||
    compare(a.endDate, b.endDate) ||
    compare(a.title, b.title) ||
    compare(a.claimId, b.claimId)
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface YearRecordInput {
  readonly personId: string;
  readonly name: string;
  readonly unitName: string;
  readonly departmentName: string | null;
  readonly year: number;
  /** The year's approved claims, in any order. */
  readonly claims: readonly RecordClaim[];
  readonly policy: HoursPolicy;
  readonly yearClosed: boolean;
}

/**
 * Lays the year's approved claims out as 附件2. Competition hours above a cap are kept on the form
 * but count only up to the cap (rule 3): the cap is spent in the record's order, earliest first.
 */
export function assembleYearRecord(input: YearRecordInput): YearRecord {
  const claims = [...input.claims].sort(byDate);
  const ledger = computeYearLedger(
    input.year,
    claims.map((c) => ({
      claimId: c.claimId,
      subject: c.subject,
      kind: c.kind,
      hours: c.hours,
      makeUp: c.makeUp,
    })),
    input.policy,
    input.yearClosed,
  );

  const capLeft: Record<Subject, number> = {
    public: toHundredths(input.policy.competitionCaps.public),
    professional: toHundredths(input.policy.competitionCaps.professional),
  };
  const counted = (c: RecordClaim): { countedHours: number; capNote: string | null } => {
    if (c.kind !== 'competition') return { countedHours: c.hours, capNote: null };
    const approved = toHundredths(c.hours);
    const granted = Math.min(approved, capLeft[c.subject]);
    capLeft[c.subject] -= granted;
    if (granted === approved) return { countedHours: c.hours, capNote: null };
    const cap = input.policy.competitionCaps[c.subject];
    return {
      countedHours: fromHundredths(granted),
      capNote: `技能竞赛类学时每年最多折抵${SUBJECT_NAMES[c.subject]}${cap}学时，本项批准${c.hours}学时，计入${fromHundredths(granted)}学时`,
    };
  };

  const rowOf = (c: RecordClaim, seq: number): RecordRow => ({
    seq,
    claimId: c.claimId,
    kind: c.kind,
    title: c.title,
    organizer: c.organizer ?? null,
    startDate: c.startDate,
    endDate: c.endDate,
    place: c.place ?? null,
    hours: c.hours,
    ...counted(c),
    makeUp: c.makeUp,
    certificateNo: c.certificateNo ?? null,
    registrar: c.registrar,
    registeredAt: c.registeredAt,
  });

  const publicRows: RecordRow[] = [];
  const professional = {
    training: [] as RecordRow[],
    selfStudy: [] as SelfStudyRow[],
    achievement: [] as AchievementRow[],
    grassrootsService: [] as RecordRow[],
    other: [] as RecordRow[],
  };
  for (const c of claims) {
    if (c.subject === 'public') {
      publicRows.push(rowOf(c, publicRows.length + 1));
      continue;
    }
    const block = PROFESSIONAL_BLOCK_OF_KIND[c.kind];
    switch (block) {
      case 'selfStudy':
        professional.selfStudy.push({
          ...rowOf(c, professional.selfStudy.length + 1),
          studyType: c.studyType ?? null,
          assessment: c.assessment ?? null,
        });
        break;
      case 'achievement':
        professional.achievement.push({
          ...rowOf(c, professional.achievement.length + 1),
          achievementType: c.achievementType ?? null,
          achievementLevel: c.achievementLevel ?? null,
        });
        break;
      case 'training':
      case 'grassrootsService':
      case 'other':
        professional[block].push(rowOf(c, professional[block].length + 1));
        break;
      default:
        return assertNever(block, '附件2 block');
    }
  }

  return {
    personId: input.personId,
    name: input.name,
    unitName: input.unitName,
    departmentName: input.departmentName,
    year: input.year,
    public: publicRows,
    professional,
    totalHours: ledger.totalHours,
    publicHours: ledger.publicHours,
    professionalHours: ledger.professionalHours,
    competition: ledger.competition,
    requirement: ledger.requirement,
    shortfall: ledger.shortfall,
    status: ledger.status,
  };
}
