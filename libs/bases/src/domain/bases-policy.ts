/**
 * What a provincial base owes each year (DOMAIN.md "Provincial bases"), as policy data the city can
 * republish: at least 2000 trainees (provincial) or 3000 (rural revitalisation), and at least 4
 * research/training projects (研修培训项目).
 */
export type BaseType = 'provincial' | 'rural_revitalization';

export const BASE_TYPES: readonly BaseType[] = ['provincial', 'rural_revitalization'];

export interface BasesPolicy {
  readonly version: string;
  readonly traineeQuota: Readonly<Record<BaseType, number>>;
  readonly projectQuota: number;
}

export const DEFAULT_BASES_POLICY: BasesPolicy = Object.freeze({
  version: 'yantai-2020.1',
  traineeQuota: Object.freeze({ provincial: 2000, rural_revitalization: 3000 }),
  projectQuota: 4,
});

export const BASE_TYPE_NAMES: Readonly<Record<BaseType, string>> = {
  provincial: '省级继续教育基地',
  rural_revitalization: '省级乡村振兴继续教育基地',
};
