/**
 * The two statistics forms of the 2020 notice (烟人社字〔2020〕 附件3 and 附件4) as data: their
 * fields in the order the notice prints them, the counts each row carries, and the labels the
 * messages and the export use.
 */

export type StatisticsForm = 'knowledge_update' | 'major_strategy';

export const STATISTICS_FORMS: readonly StatisticsForm[] = ['knowledge_update', 'major_strategy'];

export const isStatisticsForm = (value: unknown): value is StatisticsForm =>
  typeof value === 'string' && (STATISTICS_FORMS as readonly string[]).includes(value);

/** 附件3 《专业技术人员知识更新工程实施情况统计表》: one row per field (领域). */
export const KNOWLEDGE_UPDATE_FIELDS = [
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
] as const;

export interface FieldGroup {
  readonly group: string;
  readonly fields: readonly string[];
}

/** 附件4 《山东省重大工程、重大战略专业技术人才培训统计表》: fields in three groups. */
export const MAJOR_STRATEGY_GROUPS: readonly FieldGroup[] = [
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

/** One printed row of a form: its field, and for 附件4 the group it sits in. */
export interface FormField {
  readonly group: string | null;
  readonly field: string;
}

/** Every row of the form, in the notice's order. */
export function formFields(form: StatisticsForm): readonly FormField[] {
  return form === 'knowledge_update' ? KNOWLEDGE_UPDATE_ROWS : MAJOR_STRATEGY_ROWS;
}

const KNOWLEDGE_UPDATE_ROWS: readonly FormField[] = KNOWLEDGE_UPDATE_FIELDS.map((field) => ({
  group: null,
  field,
}));

const MAJOR_STRATEGY_ROWS: readonly FormField[] = MAJOR_STRATEGY_GROUPS.flatMap((g) =>
  g.fields.map((field) => ({ group: g.group, field })),
);

/** The counts of one year in a row, per form, in the order the columns print them. */
export const COUNT_KEYS = {
  knowledge_update: ['urgentTalent', 'jobTraining', 'overseas'],
  major_strategy: ['total', 'nonPublic'],
} as const satisfies Readonly<Record<StatisticsForm, readonly string[]>>;

export type KnowledgeUpdateCountKey = (typeof COUNT_KEYS.knowledge_update)[number];
export type MajorStrategyCountKey = (typeof COUNT_KEYS.major_strategy)[number];

export const YEAR_KEYS = ['thisYear', 'nextYear'] as const;
export type YearKey = (typeof YEAR_KEYS)[number];

/** Labels of a form as the notice prints them. */
export interface FormLabels {
  /** 附件3 / 附件4 */
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

/** The official title with the year: 专业技术人员知识更新工程实施情况统计表（2020年度）. */
export const formTitle = (form: StatisticsForm, year: number): string =>
  `${FORM_LABELS[form].title}（${year}年度）`;
