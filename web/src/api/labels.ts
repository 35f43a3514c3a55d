import type { Role } from './client';
import type { ClaimKind, ClaimStatus, Decision, LedgerStatus, Level, Subject, SubjectType } from './types';

/** Chinese names of the API's enumerations: one place, so every page says the same thing. */

export const ROLE_LABELS: Record<Role, string> = {
  person: '专业技术人员',
  unit_admin: '单位管理员',
  department_reviewer: '主管部门审核员',
  district_reviewer: '区市人社局审核员',
  city_reviewer: '市人社局审核员',
  base_operator: '基地管理员',
  auditor: '审计员',
  admin: '系统管理员',
};

export const SUBJECT_LABELS: Record<Subject, string> = { public: '公需科目', professional: '专业科目' };

export const KIND_LABELS: Record<ClaimKind, string> = {
  training: '培训进修',
  online: '网络培训',
  self_study: '自学',
  achievement: '成果/论文著作',
  grassroots_service: '服务基层活动',
  competition: '技能竞赛/技术比武',
  other: '其他',
};

export const CLAIM_STATUS: Record<ClaimStatus, { label: string; color: string }> = {
  in_review: { label: '审核中', color: 'processing' },
  returned: { label: '已退回', color: 'warning' },
  approved: { label: '已通过', color: 'success' },
  rejected: { label: '未通过', color: 'error' },
  withdrawn: { label: '已撤回', color: 'default' },
  revoked: { label: '已撤销', color: 'magenta' },
};

export const LEVEL_LABELS: Record<Level, string> = {
  unit: '单位',
  department: '主管部门',
  district: '区市人社局',
  city: '市人社局',
  base: '基地',
};

export const DECISION_LABELS: Record<Decision, { label: string; color: string }> = {
  pending: { label: '待审核', color: 'blue' },
  approved: { label: '通过', color: 'green' },
  returned: { label: '退回', color: 'orange' },
  rejected: { label: '不通过', color: 'red' },
  skipped: { label: '无此层级（跳过）', color: 'default' },
};

export const SUBJECT_TYPE_LABELS: Record<SubjectType, string> = {
  hour_claim: '学时登记',
  training_project: '培训项目',
  training_plan: '培训方案',
  statistics_report: '统计报表',
  base_year_report: '基地年度报告',
};

export const LEDGER_STATUS: Record<LedgerStatus, { label: string; color: string }> = {
  not_started: { label: '未开始', color: 'default' },
  in_progress: { label: '进行中', color: 'processing' },
  compliant: { label: '已达标', color: 'success' },
  non_compliant: { label: '未达标', color: 'error' },
};

/** Label of a value the API may grow beyond what this build knows. */
export function labelOf<K extends string>(table: Record<K, string>, value: string): string {
  return (table as Record<string, string | undefined>)[value] ?? value;
}

export function tagOf<K extends string>(
  table: Record<K, { label: string; color: string }>,
  value: string,
): { label: string; color: string } {
  return (
    (table as Record<string, { label: string; color: string } | undefined>)[value] ?? {
      label: value,
      color: 'default',
    }
  );
}
