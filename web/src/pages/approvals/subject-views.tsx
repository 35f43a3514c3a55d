import { Descriptions, Tag } from 'antd';
import type { ReactNode } from 'react';
import {
  CLAIM_STATUS,
  type ClaimView,
  KIND_LABELS,
  labelOf,
  type Step,
  SUBJECT_LABELS,
  type SubjectType,
  tagOf,
} from '../../api';
import { formatDate } from '../../components/format';

/** What an approver needs to see of a subject: its fields and its approval steps. */
export interface SubjectDetail {
  readonly steps: readonly Step[];
  readonly status?: string;
  readonly body: ReactNode;
}

interface SubjectView {
  /** The subject's own GET (API.md), or null when the API has none yet. */
  path(subjectId: string): string | null;
  render(subject: Record<string, unknown>): SubjectDetail;
}

const text = (value: unknown): string =>
  value === null || value === undefined || value === ''
    ? '—'
    : typeof value === 'boolean'
      ? value
        ? '是'
        : '否'
      : String(value);

const stepsOf = (subject: Record<string, unknown>): readonly Step[] =>
  Array.isArray(subject.steps) ? (subject.steps as Step[]) : [];

/** Field names the API uses, in Chinese, for subjects without a view of their own. */
const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  title: '名称',
  year: '年度',
  hours: '学时',
  organizerName: '承办单位',
  startDate: '开始日期',
  endDate: '结束日期',
  place: '地点',
  audience: '培训对象',
  contact: '联系人及电话',
  cityWide: '是否面向全市',
  form: '报表',
  fundingWan: '经费（万元）',
  sha256: '文件摘要',
  trainees: '培训人数',
  researchProjects: '研修项目数',
};

function genericView(subject: Record<string, unknown>): SubjectDetail {
  const shown = Object.entries(FIELD_LABELS).filter(([key]) => key in subject);
  return {
    steps: stepsOf(subject),
    status: typeof subject.status === 'string' ? subject.status : undefined,
    body: (
      <Descriptions column={1} size="small" bordered>
        {shown.map(([key, label]) => (
          <Descriptions.Item key={key} label={label}>
            {text(subject[key])}
          </Descriptions.Item>
        ))}
      </Descriptions>
    ),
  };
}

function claimView(subject: Record<string, unknown>): SubjectDetail {
  const c = subject as unknown as ClaimView;
  const status = tagOf(CLAIM_STATUS, c.status);
  return {
    steps: c.steps,
    status: c.status,
    body: (
      <Descriptions column={1} size="small" bordered data-testid="subject-detail">
        <Descriptions.Item label="申请人">{text(c.applicantName)}</Descriptions.Item>
        <Descriptions.Item label="名称">{c.title}</Descriptions.Item>
        <Descriptions.Item label="科目类别">{labelOf(SUBJECT_LABELS, c.subject)}</Descriptions.Item>
        <Descriptions.Item label="登记类型">{labelOf(KIND_LABELS, c.kind)}</Descriptions.Item>
        <Descriptions.Item label="主办单位">{text(c.organizer)}</Descriptions.Item>
        <Descriptions.Item label="时间">
          {formatDate(c.startDate)} 至 {formatDate(c.endDate)}
        </Descriptions.Item>
        <Descriptions.Item label="地点">{text(c.place)}</Descriptions.Item>
        {c.studyType && <Descriptions.Item label="自学种类">{c.studyType}</Descriptions.Item>}
        {c.assessment && <Descriptions.Item label="考核方式">{c.assessment}</Descriptions.Item>}
        {c.achievementType && <Descriptions.Item label="成果种类">{c.achievementType}</Descriptions.Item>}
        {c.achievementLevel && <Descriptions.Item label="等级">{c.achievementLevel}</Descriptions.Item>}
        <Descriptions.Item label="学时">{c.hours}</Descriptions.Item>
        <Descriptions.Item label="证书编号">{text(c.certificateNo)}</Descriptions.Item>
        <Descriptions.Item label="年度">
          {c.year} {c.makeUp && <Tag color="purple">补学</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={status.color}>{status.label}</Tag>
        </Descriptions.Item>
      </Descriptions>
    ),
  };
}

/**
 * How each subject type is shown beside the inbox. Pages of other areas may add or replace views
 * here (training plans, statistics reports, base year reports) when their APIs exist.
 */
export const SUBJECT_VIEWS: Record<SubjectType, SubjectView> = {
  hour_claim: { path: (id) => `/api/v1/hour-claims/${id}`, render: claimView },
  training_project: { path: (id) => `/api/v1/training-projects/${id}`, render: genericView },
  training_plan: { path: (id) => `/api/v1/training-plans/${id}`, render: genericView },
  statistics_report: { path: (id) => `/api/v1/statistics-reports/${id}`, render: genericView },
  base_year_report: { path: () => null, render: genericView },
};

/** The event stream of a task's subject: a task id is `<streamId>~<activation>`. */
export const streamOfTask = (taskId: string): string => taskId.replace(/~\d+$/, '');
