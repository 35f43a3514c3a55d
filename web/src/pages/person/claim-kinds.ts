import type { ClaimKind, Subject } from '../../api';

/**
 * The fields of 附件2 for each kind of claim: what the title, organiser, dates and place are called,
 * and which of the kind's own fields it has. `dates: 'single'` is one completion date (start = end).
 */
export interface KindForm {
  readonly title: string;
  readonly organizer?: string;
  readonly dates: { readonly label: string; readonly mode: 'range' | 'single' };
  readonly place?: string;
  readonly studyType?: string;
  readonly assessment?: string;
  readonly achievementType?: string;
  readonly achievementLevel?: string;
}

const TRAINING: KindForm = {
  title: '培训项目名称',
  organizer: '主办单位',
  dates: { label: '培训时间', mode: 'range' },
  place: '培训地点',
};
const GENERIC: KindForm = {
  title: '培训内容',
  organizer: '主办单位',
  dates: { label: '时间', mode: 'range' },
  place: '地点',
};

export const KIND_FORMS: Record<ClaimKind, KindForm> = {
  training: TRAINING,
  online: TRAINING,
  self_study: {
    title: '自学内容',
    dates: { label: '完成时间', mode: 'single' },
    studyType: '自学种类',
    assessment: '考核方式',
  },
  achievement: {
    title: '成果/论文著作名称',
    dates: { label: '获奖/发表时间', mode: 'single' },
    achievementType: '种类',
    achievementLevel: '等级',
  },
  grassroots_service: {
    title: '活动内容',
    organizer: '主办单位',
    dates: { label: '活动时间', mode: 'range' },
    place: '活动地点',
  },
  competition: GENERIC,
  other: GENERIC,
};

/** Kinds each subject allows under the default hours policy (the server has the last word). */
export const KINDS_BY_SUBJECT: Record<Subject, readonly ClaimKind[]> = {
  public: ['training', 'online', 'competition', 'other'],
  professional: [
    'training',
    'online',
    'self_study',
    'achievement',
    'grassroots_service',
    'competition',
    'other',
  ],
};

export const STUDY_TYPES = ['专业书籍自学', '网络课程自学', '专题研究', '其他'] as const;
export const ASSESSMENTS = ['单位考核', '撰写学习报告', '考试', '其他'] as const;
export const ACHIEVEMENT_TYPES = ['科研成果', '论文', '著作', '专利', '标准', '其他'] as const;
export const ACHIEVEMENT_LEVELS = ['国家级', '省级', '市级', '县（区）级', '其他'] as const;
