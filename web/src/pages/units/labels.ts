/** Chinese names of the enumerations the unit, bureau, base, city and audit pages show. */

export const DEADLINE_KIND_LABELS: Record<string, string> = {
  project_catalogue: '培训项目目录（附件1）报送',
  training_plan: '年度培训方案报送',
  statistics: '统计报表（附件3、附件4）及年度总结报送',
  training_year_end: '本年度培训结束',
};

/** Notice kinds: `reminder_<n>d` (n days before), the escalation after the deadline, an urge. */
export function noticeKindLabel(kind: string): string {
  const days = /^reminder_(\d+)d$/.exec(kind)?.[1];
  if (days) return `截止提醒（提前 ${days} 天）`;
  if (kind === 'overdue_escalation') return '逾期督办';
  if (kind === 'approval_urged') return '催办';
  return kind;
}

export const BASE_STATUS: Record<string, { label: string; color: string }> = {
  on_track: { label: '进度正常', color: 'processing' },
  at_risk: { label: '存在风险', color: 'warning' },
  met: { label: '已完成', color: 'success' },
  not_met: { label: '未完成', color: 'error' },
};

export const BASE_TYPE_LABELS: Record<string, string> = {
  provincial: '省级继续教育基地',
  rural_revitalization: '省级乡村振兴继续教育基地',
};

export const PROJECT_SOURCE_LABELS: Record<string, string> = { form: '在线填报', import: '附件1导入' };

/** Event types of the store in Chinese, where known (others show their wire name). */
export const EVENT_TYPE_LABELS: Record<string, string> = {
  'approval.submitted.v1': '提交审批',
  'approval.submitted.v2': '提交审批',
  'approval.step-approved.v1': '审批通过（本级）',
  'approval.returned.v1': '退回',
  'approval.rejected.v1': '不予通过',
  'approval.withdrawn.v1': '撤回',
  'approval.resubmitted.v1': '重新提交',
  'approval.urged.v1': '催办',
  'approval.commented.v1': '留言',
  'approval.task-claimed.v1': '认领任务',
  'approval.task-released.v1': '释放任务',
  'approval.task-transferred.v1': '转办任务',
  'hour-claim.submitted.v1': '学时登记提交',
  'hour-claim.amended.v1': '学时登记修改',
  'hour-claim.revoked.v1': '学时登记撤销',
  'training-project.submitted.v1': '培训项目申报',
  'training-project.amended.v1': '培训项目修改',
  'training-plan.submitted.v1': '培训方案报送',
  'training-plan.file-replaced.v1': '培训方案文件更换',
  'statistics-report.submitted.v1': '统计报表报送',
  'statistics-report.amended.v1': '统计报表修改',
  'statistics-slot.claimed.v1': '统计报表占位',
  'base-year.opened.v1': '基地年度开启',
  'base-year.trainee-registered.v1': '基地学员登记',
  'base-year.research-project-added.v1': '基地研修项目登记',
  'base-year.assessed.v1': '基地年度考核',
  'base-year-report.submitted.v1': '基地年度报告报送',
  'base-year-report.amended.v1': '基地年度报告修改',
  'certificate.issued.v1': '证明出具',
  'certificate.revoked.v1': '证明作废',
  'certificate.used.v1': '证明使用',
  'org.registered.v1': '机构登记',
  'person.registered.v1': '人员登记',
  'person.id-number-reserved.v1': '身份证号占用',
  'user.registered.v1': '用户登记',
  'username.reserved.v1': '用户名占用',
  'policy.published.v1': '政策参数发布',
  'audit.accessed.v1': '审计查阅',
  'demo.seeding.v1': '演示数据写入开始',
  'demo.seeded.v1': '演示数据写入完成',
};

export function eventTypeLabel(type: string): string | null {
  return EVENT_TYPE_LABELS[type] ?? null;
}

/** Stream kinds by id prefix (longest first), for the audit pages. */
export const STREAM_KINDS: readonly { prefix: string; label: string }[] = [
  { prefix: 'base-year-report-', label: '基地年度报告' },
  { prefix: 'base-year-', label: '基地年度' },
  { prefix: 'hour-claim-', label: '学时登记' },
  { prefix: 'training-project-', label: '培训项目' },
  { prefix: 'training-plan-', label: '培训方案' },
  { prefix: 'statistics-report-', label: '统计报表' },
  { prefix: 'certificate-', label: '学时证明' },
  { prefix: 'org-', label: '机构' },
  { prefix: 'person-', label: '人员' },
  { prefix: 'user-', label: '用户' },
  { prefix: 'policy-', label: '政策参数' },
  { prefix: 'audit-access-', label: '审计查阅记录' },
];

export function streamKindLabel(streamId: string): string | null {
  return STREAM_KINDS.find((k) => streamId.startsWith(k.prefix))?.label ?? null;
}

export function tagOfStatus(table: Record<string, { label: string; color: string }>, value: string) {
  return table[value] ?? { label: value, color: 'default' };
}
