import type { Step } from '../../api';

/**
 * The two statistics forms of the 2020 notice as data (mirrors libs/forms statistics/domain/forms.ts):
 * 附件3 one row per field, 附件4 fields in three groups; the counts of each year and their labels.
 */

export type StatisticsForm = 'knowledge_update' | 'major_strategy';
export const STATISTICS_FORMS: readonly StatisticsForm[] = ['knowledge_update', 'major_strategy'];
export const isStatisticsForm = (v: unknown): v is StatisticsForm =>
  v === 'knowledge_update' || v === 'major_strategy';

export const KNOWLEDGE_UPDATE_FIELDS: readonly string[] = [
  '装备制造',
  '信息',
  '生物技术',
  '新材料',
  '海洋',
  '金融',
  '生态环保',
  '节能与新能源',
  '新医药',
  '现代农业',
  '社会工作',
  '现代物流',
  '商务服务',
  '律师公证及法律服务',
  '会计',
  '知识产权',
  '食品安全',
  '旅游',
  '城市规划建设管理',
  '教育',
  '宣传文化',
  '卫生',
  '体育',
  '研发',
  '养老',
  '人力资源服务',
  '其他现代服务业',
];

export const MAJOR_STRATEGY_GROUPS: readonly { group: string; fields: readonly string[] }[] = [
  {
    group: '新旧动能转换十强产业',
    fields: [
      '新一代信息技术',
      '高端装备',
      '新能源新材料',
      '现代海洋',
      '医养健康',
      '高端化工',
      '现代高效农业',
      '文化创意',
      '精品旅游',
      '现代金融服务',
    ],
  },
  {
    group: '乡村振兴',
    fields: ['农业科技人才', '农村专业人才', '新型职业农民', '农村乡土人才', '农村创新创业人才', '其他人才'],
  },
  {
    group: '海洋强省',
    fields: [
      '海洋科技创新',
      '海洋生态环境保护',
      '世界一流港口建设',
      '海洋新兴产业壮大',
      '海洋传统产业升级',
      '智慧海洋突破',
      '军民深度融合',
      '海洋文化振兴',
      '海洋开放合作',
      '海洋治理能力提升',
    ],
  },
];

export interface FormRowKey {
  readonly group: string | null;
  readonly field: string;
}

export function formRows(form: StatisticsForm): readonly FormRowKey[] {
  return form === 'knowledge_update'
    ? KNOWLEDGE_UPDATE_FIELDS.map((field) => ({ group: null, field }))
    : MAJOR_STRATEGY_GROUPS.flatMap((g) => g.fields.map((field) => ({ group: g.group, field })));
}

export const COUNT_KEYS: Readonly<Record<StatisticsForm, readonly string[]>> = {
  knowledge_update: ['urgentTalent', 'jobTraining', 'overseas'],
  major_strategy: ['total', 'nonPublic'],
};

export const YEAR_KEYS = ['thisYear', 'nextYear'] as const;
export type YearKey = (typeof YEAR_KEYS)[number];

export interface FormLabels {
  readonly attachment: string;
  readonly title: string;
  readonly fundingHeader: string;
  readonly years: Readonly<Record<YearKey, string>>;
  readonly counts: Readonly<Record<string, string>>;
}

export const FORM_LABELS: Readonly<Record<StatisticsForm, FormLabels>> = {
  knowledge_update: {
    attachment: '附件3',
    title: '专业技术人员知识更新工程实施情况统计表',
    fundingHeader: '专项经费(万元)',
    years: { thisYear: '今年任务完成情况', nextYear: '明年计划' },
    counts: {
      urgentTalent: '急需紧缺人才培养培训项目(人数)',
      jobTraining: '岗位培训项目(人数)',
      overseas: '出境(国)培训(人数)',
    },
  },
  major_strategy: {
    attachment: '附件4',
    title: '山东省重大工程、重大战略专业技术人才培训统计表',
    fundingHeader: '投入经费(万元)',
    years: { thisYear: '今年培训情况', nextYear: '明年培训计划' },
    counts: { total: '总数', nonPublic: '其中：非公有制经济领域培训人数' },
  },
};

/** A row as the API sends and answers it. */
export interface ReportRow {
  readonly group?: string;
  readonly field: string;
  readonly thisYear: Readonly<Record<string, number>>;
  readonly nextYear: Readonly<Record<string, number>>;
  readonly note?: string;
}

export interface ReportListItem {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly districtId: string | null;
  readonly form: StatisticsForm;
  readonly fundingWan: number;
  readonly status: string;
  readonly submittedBy: string | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
}

export interface ReportView {
  readonly id: string;
  readonly year: number;
  readonly orgId: string;
  readonly orgName: string;
  readonly districtId: string | null;
  readonly form: StatisticsForm;
  readonly fundingWan: number;
  readonly rows: readonly ReportRow[];
  readonly status: string;
  readonly submittedBy: string | null;
  readonly steps: readonly Step[];
}

export interface StatisticsSum {
  readonly form?: StatisticsForm;
  readonly year?: number;
  readonly rows: readonly ReportRow[];
  readonly fundingWan: number;
  readonly reports: number;
  readonly byDistrict?: readonly {
    readonly districtId: string | null;
    readonly districtName: string;
    readonly fundingWan: number;
    readonly reports: number;
  }[];
}

/** Who files reports, and who reads the sums (the server's REPORTER_ROLES, AGGREGATE_ROLES). */
export const REPORTERS = ['district_reviewer', 'department_reviewer', 'admin'] as const;
export const AGGREGATE_READERS = [
  'district_reviewer',
  'department_reviewer',
  'city_reviewer',
  'auditor',
  'admin',
] as const;
