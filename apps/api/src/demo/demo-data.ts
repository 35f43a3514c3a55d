/**
 * The Yantai 2020 demo: organisations, people, accounts and hour claims, as plain data.
 *
 * Everything here is deterministic: names, ID numbers and claims come from a seeded PRNG, so every
 * demo database holds the same people with the same records (only generated ids differ). Company
 * names are invented; the four bases and the districts are those of 烟人社字〔2020〕95号 (DOMAIN.md).
 */
import type { Level } from '@ce/approval/domain';
import type { ClaimInput, ClaimKind, Subject } from '@ce/hours';
import { type BaseType, ROOT_ORG_NAME, type Sector, type UnitType, idNumberCheckChar } from '@ce/identity';
import type { Role } from '@ce/kernel';

/** Password of every account the demo creates (the admin's comes from CE_BOOTSTRAP_ADMIN_PASSWORD). */
export const DEMO_PASSWORD = 'demo-2020';

/** Key of the city bureau (the root organisation, created by the identity bootstrap). */
export const CITY = 'city';

// ---------------------------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------------------------

export interface DemoDistrict {
  /** Also the district reviewer's username. */
  readonly key: string;
  readonly name: string;
  /** Administrative area codes used in the ID numbers of people working there. */
  readonly areaCodes: readonly string[];
}

export interface DemoDepartment {
  /** Also the department reviewer's username. */
  readonly key: string;
  readonly name: string;
  /** `CITY` (市直部门) or a district key. */
  readonly parent: string;
}

export interface DemoUnit {
  /** Also the unit admin's username. */
  readonly key: string;
  readonly name: string;
  /** A department key, a district key (enterprise without a supervising department) or `CITY`. */
  readonly parent: string;
  readonly unitType: UnitType;
  readonly sector: Sector;
  /** How many professionals the demo registers there. */
  readonly staff: number;
}

export interface DemoBase {
  /** Also the base operator's username. */
  readonly key: string;
  readonly name: string;
  readonly baseType: BaseType;
}

/** Yantai's districts, county-level cities and zones in 2020 (DOMAIN.md). */
export const DEMO_DISTRICTS: readonly DemoDistrict[] = [
  { key: 'zhifu', name: '芝罘区', areaCodes: ['370602'] },
  { key: 'fushan', name: '福山区', areaCodes: ['370611'] },
  { key: 'muping', name: '牟平区', areaCodes: ['370612'] },
  { key: 'laishan', name: '莱山区', areaCodes: ['370613'] },
  // 蓬莱 became a district in 2020; ID numbers issued before keep the 蓬莱市 code.
  { key: 'penglai', name: '蓬莱区', areaCodes: ['370684'] },
  { key: 'longkou', name: '龙口市', areaCodes: ['370681'] },
  { key: 'laiyang', name: '莱阳市', areaCodes: ['370682'] },
  { key: 'laizhou', name: '莱州市', areaCodes: ['370683'] },
  { key: 'zhaoyuan', name: '招远市', areaCodes: ['370685'] },
  { key: 'qixia', name: '栖霞市', areaCodes: ['370686'] },
  { key: 'haiyang', name: '海阳市', areaCodes: ['370687'] },
  { key: 'kaifaqu', name: '烟台经济技术开发区', areaCodes: ['370611', '370602'] },
  { key: 'gaoxinqu', name: '烟台高新技术产业开发区', areaCodes: ['370613', '370602'] },
  { key: 'changdao', name: '长岛综合试验区', areaCodes: ['370634'] },
];

export const bureauName = (district: DemoDistrict): string => `${district.name}人力资源和社会保障局`;

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { key: 'city.education', name: '烟台市教育局', parent: CITY },
  { key: 'city.health', name: '烟台市卫生健康委员会', parent: CITY },
  { key: 'city.finance', name: '烟台市财政局', parent: CITY },
  { key: 'city.industry', name: '烟台市工业和信息化局', parent: CITY },
  { key: 'zhifu.education', name: '芝罘区教育局', parent: 'zhifu' },
  { key: 'zhifu.health', name: '芝罘区卫生健康局', parent: 'zhifu' },
  { key: 'fushan.health', name: '福山区卫生健康局', parent: 'fushan' },
  { key: 'muping.education', name: '牟平区教育局', parent: 'muping' },
  { key: 'laishan.industry', name: '莱山区工业和信息化局', parent: 'laishan' },
  { key: 'penglai.culture', name: '蓬莱区文化和旅游局', parent: 'penglai' },
  { key: 'longkou.health', name: '龙口市卫生健康局', parent: 'longkou' },
  { key: 'laizhou.finance', name: '莱州市财政局', parent: 'laizhou' },
  { key: 'haiyang.agriculture', name: '海阳市农业农村局', parent: 'haiyang' },
];

const PI = 'public_institution' as const;
const ENT = 'enterprise' as const;

export const DEMO_UNITS: readonly DemoUnit[] = [
  // 市直: under city-direct departments, and one unit directly under the city.
  {
    key: 'binhai-school',
    name: '烟台市滨海实验中学',
    parent: 'city.education',
    unitType: PI,
    sector: 'education',
    staff: 8,
  },
  {
    key: 'jiaoke',
    name: '烟台市教育科学研究院',
    parent: 'city.education',
    unitType: PI,
    sector: 'education',
    staff: 4,
  },
  {
    key: 'gangcheng-hospital',
    name: '烟台市港城中心医院',
    parent: 'city.health',
    unitType: PI,
    sector: 'health',
    staff: 11,
  },
  {
    key: 'city-cdc',
    name: '烟台市疾病预防控制中心',
    parent: 'city.health',
    unitType: PI,
    sector: 'health',
    staff: 5,
  },
  {
    key: 'budget-review',
    name: '烟台市财政预算评审中心',
    parent: 'city.finance',
    unitType: PI,
    sector: 'accounting',
    staff: 4,
  },
  {
    key: 'zhengheng-cpa',
    name: '烟台正衡会计师事务所有限公司',
    parent: 'city.finance',
    unitType: ENT,
    sector: 'accounting',
    staff: 4,
  },
  {
    key: 'energy-monitor',
    name: '烟台市工业节能监测中心',
    parent: 'city.industry',
    unitType: PI,
    sector: 'other',
    staff: 4,
  },
  {
    key: 'ganglan-equipment',
    name: '烟台港澜智能装备有限公司',
    parent: 'city.industry',
    unitType: ENT,
    sector: 'other',
    staff: 6,
  },
  {
    key: 'talent-center',
    name: '烟台市人才发展服务中心',
    parent: CITY,
    unitType: PI,
    sector: 'other',
    staff: 4,
  },
  // 芝罘区
  {
    key: 'haiyunlu-school',
    name: '芝罘区海韵路小学',
    parent: 'zhifu.education',
    unitType: PI,
    sector: 'education',
    staff: 8,
  },
  {
    key: 'nanshanlu-school',
    name: '芝罘区南山路初级中学',
    parent: 'zhifu.education',
    unitType: PI,
    sector: 'education',
    staff: 6,
  },
  {
    key: 'zhichu-clinic',
    name: '芝罘区只楚社区卫生服务中心',
    parent: 'zhifu.health',
    unitType: PI,
    sector: 'health',
    staff: 5,
  },
  {
    key: 'lanan-machinery',
    name: '烟台澜岸精密机械有限公司',
    parent: 'zhifu',
    unitType: ENT,
    sector: 'other',
    staff: 6,
  },
  // 福山区
  {
    key: 'fushan-hospital2',
    name: '福山区第二人民医院',
    parent: 'fushan.health',
    unitType: PI,
    sector: 'health',
    staff: 8,
  },
  {
    key: 'qingyang-clinic',
    name: '福山区清洋社区卫生服务中心',
    parent: 'fushan.health',
    unitType: PI,
    sector: 'health',
    staff: 4,
  },
  {
    key: 'fufeng-food',
    name: '烟台福沣食品科技有限公司',
    parent: 'fushan',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
  // 牟平区
  {
    key: 'ninghai-school',
    name: '牟平区宁海实验小学',
    parent: 'muping.education',
    unitType: PI,
    sector: 'education',
    staff: 6,
  },
  {
    key: 'longquan-school',
    name: '牟平区龙泉中学',
    parent: 'muping.education',
    unitType: PI,
    sector: 'education',
    staff: 5,
  },
  // 莱山区: a public institution and an enterprise under the same department
  {
    key: 'laishan-tech',
    name: '莱山区工业技术服务中心',
    parent: 'laishan.industry',
    unitType: PI,
    sector: 'other',
    staff: 4,
  },
  {
    key: 'hancheng-soft',
    name: '烟台瀚澄软件科技有限公司',
    parent: 'laishan.industry',
    unitType: ENT,
    sector: 'other',
    staff: 6,
  },
  // 蓬莱区
  {
    key: 'penglai-heritage',
    name: '蓬莱区文物保护中心',
    parent: 'penglai.culture',
    unitType: PI,
    sector: 'other',
    staff: 4,
  },
  {
    key: 'pengying-winery',
    name: '烟台蓬瀛酿酒有限公司',
    parent: 'penglai',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
  // 龙口市
  {
    key: 'donglai-hospital',
    name: '龙口市东莱中医医院',
    parent: 'longkou.health',
    unitType: PI,
    sector: 'health',
    staff: 7,
  },
  {
    key: 'hongtai-aluminium',
    name: '龙口泓泰铝业科技有限公司',
    parent: 'longkou',
    unitType: ENT,
    sector: 'other',
    staff: 6,
  },
  // 莱阳市
  {
    key: 'lixiang-food',
    name: '莱阳梨乡食品有限公司',
    parent: 'laiyang',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
  // 莱州市
  {
    key: 'laizhou-accounting',
    name: '莱州市会计核算中心',
    parent: 'laizhou.finance',
    unitType: PI,
    sector: 'accounting',
    staff: 4,
  },
  {
    key: 'shiyun-stone',
    name: '莱州石韵石材有限公司',
    parent: 'laizhou',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
  // 招远市
  {
    key: 'zhilian-electronics',
    name: '招远智联电子有限公司',
    parent: 'zhaoyuan',
    unitType: ENT,
    sector: 'other',
    staff: 7,
  },
  // 栖霞市
  {
    key: 'guoyuan-agri',
    name: '栖霞果源农业科技有限公司',
    parent: 'qixia',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
  // 海阳市
  {
    key: 'haiyang-agritech',
    name: '海阳市农业技术推广中心',
    parent: 'haiyang.agriculture',
    unitType: PI,
    sector: 'other',
    staff: 4,
  },
  {
    key: 'binhai-energy',
    name: '海阳滨海新能源有限公司',
    parent: 'haiyang',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
  // 开发区
  {
    key: 'lanwan-materials',
    name: '烟台蓝湾新材料科技有限公司',
    parent: 'kaifaqu',
    unitType: ENT,
    sector: 'other',
    staff: 7,
  },
  {
    key: 'gangwan-auto',
    name: '烟台港湾汽车零部件有限公司',
    parent: 'kaifaqu',
    unitType: ENT,
    sector: 'other',
    staff: 6,
  },
  // 高新区
  {
    key: 'yunfan-it',
    name: '烟台云帆信息技术有限公司',
    parent: 'gaoxinqu',
    unitType: ENT,
    sector: 'other',
    staff: 7,
  },
  {
    key: 'haichuang-bio',
    name: '烟台海创生物医药有限公司',
    parent: 'gaoxinqu',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
  // 长岛
  {
    key: 'haicheng-marine',
    name: '长岛海澄海洋科技有限公司',
    parent: 'changdao',
    unitType: ENT,
    sector: 'other',
    staff: 5,
  },
];

/** The four provincial bases of the notice. */
export const DEMO_BASES: readonly DemoBase[] = [
  { key: 'ldu', name: '鲁东大学', baseType: 'provincial' },
  { key: 'sdbi', name: '山东商务职业学院', baseType: 'provincial' },
  { key: 'ytaas', name: '烟台市农业科学研究院', baseType: 'rural_revitalization' },
  { key: 'wangti', name: '山东网梯学航网络科技有限公司', baseType: 'rural_revitalization' },
];

/** Units whose first person gets an account (a person login). */
const PERSON_ACCOUNT_UNITS: readonly string[] = [
  'binhai-school',
  'gangcheng-hospital',
  'talent-center',
  'haiyunlu-school',
  'fushan-hospital2',
  'lanan-machinery',
  'hancheng-soft',
  'donglai-hospital',
  'laizhou-accounting',
  'yunfan-it',
];

const districtByKey = new Map(DEMO_DISTRICTS.map((d) => [d.key, d]));
const departmentByKey = new Map(DEMO_DEPARTMENTS.map((d) => [d.key, d]));
const unitByKey = new Map(DEMO_UNITS.map((u) => [u.key, u]));

export function demoUnit(key: string): DemoUnit {
  const unit = unitByKey.get(key);
  if (!unit) throw new Error(`unknown demo unit ${key}`);
  return unit;
}

/** The unit's supervising department, if it has one. */
export function unitDepartment(unit: DemoUnit): DemoDepartment | null {
  return departmentByKey.get(unit.parent) ?? null;
}

/** The district bureau above the unit; null for city-direct units. */
export function unitDistrict(unit: DemoUnit): DemoDistrict | null {
  const department = unitDepartment(unit);
  return districtByKey.get(department ? department.parent : unit.parent) ?? null;
}

/** The approval levels a claim of the unit's staff goes through (DOMAIN.md; missing levels skipped). */
export function unitLevels(unit: DemoUnit): Level[] {
  return [
    'unit',
    ...(unitDepartment(unit) ? (['department'] as const) : []),
    unitDistrict(unit) ? 'district' : 'city',
  ];
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, fast, seeded PRNG (never Math.random: the demo must be reproducible). */
export class DemoRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

/** Common surnames, Jiaodong ones (姜, 曲, 于, 隋, 衣, 鞠…) included; repeated ones are drawn more often. */
const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'],
  ['王', 'wang'],
  ['王', 'wang'],
  ['李', 'li'],
  ['李', 'li'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['张', 'zhang'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['孙', 'sun'],
  ['孙', 'sun'],
  ['于', 'yu'],
  ['于', 'yu'],
  ['姜', 'jiang'],
  ['姜', 'jiang'],
  ['曲', 'qu'],
  ['宋', 'song'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['马', 'ma'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['郭', 'guo'],
  ['邹', 'zou'],
  ['隋', 'sui'],
  ['衣', 'yi'],
  ['丛', 'cong'],
  ['鞠', 'ju'],
  ['栾', 'luan'],
  ['初', 'chu'],
  ['宫', 'gong'],
  ['董', 'dong'],
  ['崔', 'cui'],
  ['孔', 'kong'],
  ['战', 'zhan'],
  ['曹', 'cao'],
];

const GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀', 'xiu'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['华', 'hua'],
  ['玲', 'ling'],
  ['红', 'hong'],
  ['建', 'jian'],
  ['国', 'guo'],
  ['文', 'wen'],
  ['志', 'zhi'],
  ['海', 'hai'],
  ['波', 'bo'],
  ['鹏', 'peng'],
  ['辉', 'hui'],
  ['晓', 'xiao'],
  ['宁', 'ning'],
  ['燕', 'yan'],
  ['慧', 'hui'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['琳', 'lin'],
  ['欣', 'xin'],
  ['浩', 'hao'],
  ['宇', 'yu'],
  ['博', 'bo'],
  ['凯', 'kai'],
  ['俊', 'jun'],
  ['峰', 'feng'],
  ['蕾', 'lei'],
  ['倩', 'qian'],
  ['梅', 'mei'],
  ['东', 'dong'],
  ['晨', 'chen'],
  ['颖', 'ying'],
  ['丹', 'dan'],
  ['斌', 'bin'],
  ['春', 'chun'],
  ['立', 'li'],
  ['振', 'zhen'],
  ['庆', 'qing'],
  ['嘉', 'jia'],
  ['悦', 'yue'],
  ['瑞', 'rui'],
];

const ALL_YANTAI_CODES: readonly string[] = [...new Set(DEMO_DISTRICTS.flatMap((d) => d.areaCodes))];

export interface DemoPerson {
  readonly index: number;
  readonly name: string;
  readonly idNumber: string;
  readonly unitKey: string;
  /** Username of the person's own account, when the demo creates one. */
  readonly login?: string;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function buildPeople(rng: DemoRandom): DemoPerson[] {
  const people: DemoPerson[] = [];
  const names = new Set<string>();
  const idNumbers = new Set<string>();
  const logins = new Set<string>();
  for (const unit of DEMO_UNITS) {
    const district = unitDistrict(unit);
    for (let s = 0; s < unit.staff; s++) {
      let name = '';
      let pinyin = '';
      do {
        const [surname, surnamePinyin] = rng.pick(SURNAMES);
        const [first, firstPinyin] = rng.pick(GIVEN);
        const second = rng.chance(0.55) ? rng.pick(GIVEN) : null;
        name = `${surname}${first}${second ? second[0] : ''}`;
        pinyin = `${surnamePinyin}${firstPinyin}${second ? second[1] : ''}`;
      } while (names.has(name) || hasDoubledGivenName(name));
      names.add(name);
      let idNumber = '';
      do {
        const area = district && rng.chance(0.8) ? rng.pick(district.areaCodes) : rng.pick(ALL_YANTAI_CODES);
        const birth = addDays('1965-01-01', rng.int(0, daysBetween('1965-01-01', '1998-12-31')));
        const sequence = String(rng.int(0, 999)).padStart(3, '0');
        const first17 = `${area}${birth.replaceAll('-', '')}${sequence}`;
        idNumber = `${first17}${idNumberCheckChar(first17)}`;
      } while (idNumbers.has(idNumber));
      idNumbers.add(idNumber);
      let login: string | undefined;
      if (s === 0 && PERSON_ACCOUNT_UNITS.includes(unit.key)) {
        login = pinyin;
        for (let n = 2; logins.has(login); n++) login = `${pinyin}${n}`;
        logins.add(login);
      }
      people.push({ index: people.length, name, idNumber, unitKey: unit.key, ...(login ? { login } : {}) });
    }
  }
  return people;
}

/** Names like 王伟伟 are real but look like typos in a demo: draw again. */
function hasDoubledGivenName(name: string): boolean {
  return name.length === 3 && name.charAt(1) === name.charAt(2);
}

// ---------------------------------------------------------------------------------------------
// Hour claims
// ---------------------------------------------------------------------------------------------

export type DemoOutcome =
  | { readonly kind: 'approved' }
  /** Approved by every level before `pendingAt`, where it waits. */
  | { readonly kind: 'in_review'; readonly pendingAt: Level }
  | { readonly kind: 'returned'; readonly by: Level; readonly reason: string }
  | { readonly kind: 'rejected'; readonly by: Level; readonly reason: string }
  | { readonly kind: 'withdrawn' }
  /** Approved, then revoked by the chain's last level. */
  | { readonly kind: 'revoked'; readonly reason: string }
  /** Returned by `by`, corrected by the applicant, resubmitted and approved. */
  | {
      readonly kind: 'resubmitted';
      readonly by: Level;
      readonly reason: string;
      readonly changes: Partial<ClaimInput>;
    };

export interface DemoClaim {
  readonly person: number;
  readonly input: ClaimInput;
  /** When the claim was registered (Asia/Shanghai), shortly after the activity ended. */
  readonly submittedAt: string;
  readonly outcome: DemoOutcome;
}

interface Course {
  readonly title: string;
  readonly hours: readonly number[];
}

/** 公需科目 courses, mostly on the bases' online platforms. */
const PUBLIC_COURSES: readonly Course[] = [
  { title: '专业技术人员职业道德与诚信建设', hours: [10, 12, 15] },
  { title: '新发展理念与高质量发展', hours: [12, 16, 20] },
  { title: '网络安全与数据安全', hours: [6, 8, 10] },
  { title: '突发公共卫生事件应急管理与防护', hours: [6, 8, 12] },
  { title: '知识产权保护与运用', hours: [8, 10] },
  { title: '新时代专业技术人员创新能力建设', hours: [12, 15, 16] },
  { title: '乡村振兴战略与实践', hours: [10, 12] },
  { title: '海洋强省建设与新旧动能转换', hours: [8, 12.5] },
];

const PUBLIC_PLATFORMS: readonly { readonly organizer: string; readonly prefix: string }[] = [
  { organizer: '鲁东大学（省级专业技术人员继续教育基地）', prefix: 'LDU' },
  { organizer: '山东商务职业学院（省级专业技术人员继续教育基地）', prefix: 'SDBI' },
  { organizer: '山东网梯学航网络科技有限公司（省级乡村振兴继续教育基地）', prefix: 'WT' },
];

interface ProfessionalCatalogue {
  readonly training: readonly Course[];
  readonly online: readonly Course[];
  readonly selfStudy: readonly Course[];
  readonly achievement: readonly Course[];
  readonly grassroots: readonly Course[];
  readonly competition: readonly Course[];
  readonly organizers: readonly string[];
}

const PROFESSIONAL: Readonly<Record<Sector, ProfessionalCatalogue>> = {
  education: {
    training: [
      { title: '新课程标准解读与教学设计', hours: [16, 24] },
      { title: '中小学班主任工作能力提升培训', hours: [12, 16] },
      { title: '学生心理健康教育实务', hours: [12, 16] },
      { title: '大单元教学与作业设计研修', hours: [20, 24, 32] },
    ],
    online: [
      { title: '信息技术与学科教学深度融合', hours: [10, 12.5, 15] },
      { title: '线上教学组织与实施（疫情防控期间）', hours: [8, 10, 12] },
    ],
    selfStudy: [{ title: '《普通高中课程方案（2017年版2020年修订）》自学', hours: [8, 10, 12] }],
    achievement: [
      { title: '论文《核心素养导向的初中数学单元教学设计》（省级期刊）', hours: [10, 15] },
      { title: '市级优质课一等奖（课题：《观潮》）', hours: [10, 12] },
    ],
    grassroots: [{ title: '乡村学校支教（海阳市）', hours: [16, 24] }],
    competition: [{ title: '烟台市中小学教师教学能力大赛', hours: [12, 16, 20] }],
    organizers: ['烟台市教育科学研究院', '烟台市教育局', '山东省教育厅（网络研修平台）'],
  },
  health: {
    training: [
      { title: '临床诊疗规范更新', hours: [16, 24] },
      { title: '医院感染预防与控制', hours: [12, 16] },
      { title: '急危重症救治技能培训', hours: [16, 20, 24] },
      { title: '合理用药与处方点评', hours: [8, 12] },
    ],
    online: [
      { title: '新型冠状病毒肺炎诊疗方案（试行第七版）培训', hours: [6, 8, 10] },
      { title: '基层常见病多发病诊疗指南', hours: [10, 12.5] },
    ],
    selfStudy: [{ title: '《新型冠状病毒肺炎防控方案（第六版）》自学', hours: [8, 10] }],
    achievement: [
      { title: '论文《疫情期间发热门诊感染防控实践》（核心期刊）', hours: [15, 20] },
      { title: '市级医学新技术引进奖（微创介入治疗）', hours: [12, 15] },
    ],
    grassroots: [{ title: '基层医疗卫生机构对口帮扶（栖霞市）', hours: [16, 24, 30] }],
    competition: [{ title: '烟台市卫生健康系统临床技能竞赛', hours: [12, 16, 20] }],
    organizers: ['烟台市卫生健康委员会', '烟台市医学会', '烟台市港城中心医院'],
  },
  accounting: {
    training: [
      { title: '政府会计制度实务', hours: [16, 24] },
      { title: '新收入准则与新租赁准则解读', hours: [12, 16] },
      { title: '行政事业单位内部控制规范', hours: [12, 16] },
      { title: '预算绩效管理实务', hours: [8, 12, 16] },
    ],
    online: [
      { title: '个人所得税改革与纳税申报', hours: [8, 10, 12] },
      { title: '管理会计应用指引', hours: [10, 12.5] },
    ],
    selfStudy: [{ title: '《政府会计准则制度解释第2号》自学', hours: [8, 10] }],
    achievement: [{ title: '论文《政府会计制度下事业单位财务核算的实践探索》', hours: [10, 15] }],
    grassroots: [{ title: '乡镇财政所会计业务指导（莱州市）', hours: [16, 20] }],
    competition: [{ title: '烟台市会计业务技能竞赛', hours: [12, 16] }],
    organizers: ['烟台市财政局', '山东省会计人员继续教育平台', '烟台市会计学会'],
  },
  other: {
    training: [
      { title: '智能制造与工业互联网应用', hours: [16, 24] },
      { title: '数控加工工艺与编程', hours: [24, 32, 40] },
      { title: '质量管理体系（ISO 9001:2015）内审员培训', hours: [16, 24] },
      { title: '安全生产标准化管理', hours: [8, 12, 16] },
      { title: 'PLC控制系统设计与调试', hours: [20, 24, 32] },
      { title: '农业新品种新技术推广', hours: [12, 16] },
    ],
    online: [
      { title: '工程项目管理实务', hours: [10, 12.5, 15] },
      { title: '软件工程与敏捷开发实践', hours: [10, 12] },
    ],
    selfStudy: [{ title: '《山东省新旧动能转换重大工程实施规划》专题自学', hours: [8, 10, 12] }],
    achievement: [
      { title: '实用新型专利《一种数控车床自动上料装置》', hours: [15, 20] },
      { title: '论文《海洋生物活性物质提取工艺优化研究》', hours: [10, 15] },
    ],
    grassroots: [{ title: '科技特派员服务乡村振兴（栖霞市）', hours: [16, 24] }],
    competition: [
      { title: '烟台市职业技能大赛（数控车工）', hours: [12, 16, 20] },
      { title: '烟台市“技能兴烟”技术比武（电工）', hours: [12, 16] },
    ],
    organizers: ['烟台市工业和信息化局', '烟台市机械工程学会', '烟台市科学技术协会'],
  },
};

const PLACES: readonly string[] = [
  '烟台市专业技术人员继续教育中心',
  '烟台市职工培训中心',
  '本单位会议室',
  '烟台市科技馆报告厅',
];

const RETURN_REASONS: readonly string[] = [
  '结业证书扫描件不清晰，请重新上传后提交',
  '培训起止日期与证书不一致，请核实后重新提交',
  '学习内容属于专业科目，请修改科目类别后重新提交',
  '未填写培训地点和主办单位，请补充',
  '考核方式未注明，请补充自学考核情况',
  '学时数与培训通知不符，请核实后重新提交',
];

const REJECT_REASONS: readonly string[] = [
  '该活动为单位内部工作例会，不属于继续教育范围',
  '同一培训已于本年度登记并审核通过，不得重复登记',
  '培训机构不具备举办资质，且无考核合格证明',
  '学习内容与本人专业技术岗位无关',
];

const REVOKE_REASONS: readonly string[] = [
  '经抽查核实，该培训班实际未举办，撤销已通过的学时',
  '证书编号经发证机构核验不存在，撤销该学时登记',
  '与已登记的培训重复，撤销后一项',
];

type Window = readonly [from: string, to: string];

/** Activity windows (end dates); the demo clock stands at 2020-09-01. */
const WINDOW_APPROVED: Window = ['2020-01-08', '2020-08-20'];
const WINDOW_RECENT: Window = ['2020-08-10', '2020-08-28'];
const WINDOW_MAKE_UP: Window = ['2020-03-01', '2020-07-31'];
const LAST_SUBMISSION = '2020-08-31';

class ClaimPlanner {
  readonly claims: DemoClaim[] = [];
  private certificateSerial = 1;
  private readonly usedTitles = new Map<number, Set<string>>();

  constructor(
    private readonly rng: DemoRandom,
    private readonly people: readonly DemoPerson[],
  ) {}

  sectorOf(person: number): Sector {
    return demoUnit(this.person(person).unitKey).sector;
  }

  person(index: number): DemoPerson {
    const found = this.people[index];
    if (!found) throw new Error(`no demo person ${index}`);
    return found;
  }

  /** Public claims of about `target` hours and never `max` or more; returns the hours added. */
  fillPublic(person: number, target: number, max: number, window: Window, outcome: DemoOutcome): number {
    let sum = 0;
    for (let tries = 0; sum < target && tries < 20; tries++) {
      const input = this.publicInput(person, window, max - sum);
      if (!input) continue;
      sum += input.hours;
      this.add(person, input, outcome);
    }
    return sum;
  }

  fillProfessional(
    person: number,
    target: number,
    max: number,
    window: Window,
    outcome: DemoOutcome,
  ): number {
    let sum = 0;
    for (let tries = 0; sum < target && tries < 20; tries++) {
      const input = this.professionalInput(person, window, max - sum);
      if (!input) continue;
      sum += input.hours;
      this.add(person, input, outcome);
    }
    return sum;
  }

  add(person: number, input: ClaimInput, outcome: DemoOutcome): void {
    const hour = String(this.rng.int(8, 17)).padStart(2, '0');
    const minute = String(this.rng.int(0, 59)).padStart(2, '0');
    let day = addDays(input.endDate, this.rng.int(1, 6));
    if (day > LAST_SUBMISSION) day = LAST_SUBMISSION;
    this.claims.push({ person, input, submittedAt: `${day}T${hour}:${minute}:00+08:00`, outcome });
  }

  publicInput(person: number, window: Window, maxHours = Infinity): ClaimInput | null {
    const course = this.unusedCourse(person, PUBLIC_COURSES);
    const hours = this.hoursBelow(course, maxHours);
    if (course === null || hours === null) return null;
    const platform = this.rng.pick(PUBLIC_PLATFORMS);
    const end = this.endDate(window);
    const onPlatform = this.rng.chance(0.8);
    this.use(person, course.title);
    if (onPlatform) {
      return {
        subject: 'public',
        kind: 'online',
        title: course.title,
        organizer: platform.organizer,
        startDate: addDays(end, -this.rng.int(3, 25)),
        endDate: end,
        hours,
        place: '网络学习平台',
        certificateNo: `${platform.prefix}2020${String(this.certificateSerial++).padStart(6, '0')}`,
      };
    }
    const unit = demoUnit(this.person(person).unitKey);
    const district = unitDistrict(unit);
    return {
      subject: 'public',
      kind: 'training',
      title: course.title,
      organizer: district ? bureauName(district) : ROOT_ORG_NAME,
      startDate: addDays(end, -Math.max(0, Math.ceil(hours / 8) - 1)),
      endDate: end,
      hours,
      place: district ? `${district.name}人才服务中心培训室` : '烟台市专业技术人员继续教育中心',
    };
  }

  professionalInput(person: number, window: Window, maxHours = Infinity): ClaimInput | null {
    const sector = this.sectorOf(person);
    const catalogue = PROFESSIONAL[sector];
    const roll = this.rng.next();
    const kind: ClaimKind =
      roll < 0.5
        ? 'training'
        : roll < 0.7
          ? 'online'
          : roll < 0.82
            ? 'self_study'
            : roll < 0.9
              ? 'achievement'
              : roll < 0.96
                ? 'grassroots_service'
                : 'other';
    if (kind === 'other') {
      const end = this.endDate(window);
      const hours = maxHours >= 7.5 ? 7.5 : null;
      if (hours === null || this.used(person, '专业技术讲座')) return null;
      this.use(person, '专业技术讲座');
      return {
        subject: 'professional',
        kind,
        title: '专业技术讲座（本单位组织）',
        organizer: demoUnit(this.person(person).unitKey).name,
        startDate: end,
        endDate: end,
        hours,
        place: '本单位会议室',
      };
    }
    const list =
      kind === 'training'
        ? catalogue.training
        : kind === 'online'
          ? catalogue.online
          : kind === 'self_study'
            ? catalogue.selfStudy
            : kind === 'achievement'
              ? catalogue.achievement
              : catalogue.grassroots;
    const course = this.unusedCourse(person, list);
    const hours = this.hoursBelow(course, maxHours);
    if (course === null || hours === null) return null;
    this.use(person, course.title);
    let end = this.endDate(window);
    // Classroom training paused from February to April 2020 (epidemic control).
    if (kind === 'training' && end >= '2020-02-01' && end < '2020-05-01') end = addDays(end, 95);
    if (end > window[1]) end = window[1];
    const span =
      kind === 'training'
        ? Math.max(0, Math.ceil(hours / 8) - 1)
        : kind === 'online'
          ? this.rng.int(5, 30)
          : kind === 'self_study'
            ? this.rng.int(30, 90)
            : kind === 'grassroots_service'
              ? this.rng.int(10, 30)
              : 0;
    return {
      subject: 'professional',
      kind,
      title: course.title,
      ...(kind === 'self_study' || kind === 'achievement'
        ? {}
        : { organizer: this.rng.pick(catalogue.organizers) }),
      startDate: addDays(end, -span),
      endDate: end,
      hours,
      ...(kind === 'training' ? { place: this.rng.pick(PLACES) } : {}),
      ...(kind === 'online' ? { place: '网络学习平台' } : {}),
    };
  }

  competitionInput(person: number, subject: Subject, window: Window): ClaimInput {
    const end = this.endDate(window);
    if (subject === 'public') {
      return {
        subject,
        kind: 'competition',
        title: '烟台市专业技术人员网络安全知识竞赛',
        organizer: ROOT_ORG_NAME,
        startDate: end,
        endDate: end,
        hours: this.rng.pick([3, 4, 5]),
        place: '网络竞赛平台',
      };
    }
    const course = this.rng.pick(PROFESSIONAL[this.sectorOf(person)].competition);
    return {
      subject,
      kind: 'competition',
      title: course.title,
      organizer: ROOT_ORG_NAME,
      startDate: addDays(end, -1),
      endDate: end,
      hours: this.rng.pick(course.hours),
      place: '烟台市职业技能公共实训基地',
    };
  }

  private endDate([from, to]: Window): string {
    return addDays(from, this.rng.int(0, daysBetween(from, to)));
  }

  private unusedCourse(person: number, courses: readonly Course[]): Course | null {
    const fresh = courses.filter((c) => !this.used(person, c.title));
    return fresh.length === 0 ? null : this.rng.pick(fresh);
  }

  private hoursBelow(course: Course | null, maxHours: number): number | null {
    if (course === null) return null;
    const fitting = course.hours.filter((h) => h < maxHours);
    return fitting.length === 0 ? null : this.rng.pick(fitting);
  }

  private used(person: number, title: string): boolean {
    return this.usedTitles.get(person)?.has(title) ?? false;
  }

  private use(person: number, title: string): void {
    const titles = this.usedTitles.get(person) ?? new Set<string>();
    titles.add(title);
    this.usedTitles.set(person, titles);
  }
}

const APPROVED: DemoOutcome = { kind: 'approved' };

function buildClaims(rng: DemoRandom, people: readonly DemoPerson[]): DemoClaim[] {
  const plan = new ClaimPlanner(rng, people);

  // 1. Each person's approved record so far in 2020: some compliant, some on the way, some short.
  for (const person of people) {
    const p = person.index;
    const roll = person.login ? (p % 2 === 0 ? 0 : 0.5) : rng.next();
    if (roll < 0.32) {
      // compliant: ≥ 30 public and ≥ 60 professional
      if (rng.chance(0.2)) {
        const input = plan.competitionInput(p, 'public', WINDOW_APPROVED);
        plan.add(p, input, APPROVED);
        plan.fillPublic(p, 30 - input.hours, Infinity, WINDOW_APPROVED, APPROVED);
      } else {
        plan.fillPublic(p, 30, Infinity, WINDOW_APPROVED, APPROVED);
      }
      if (rng.chance(0.25)) {
        const input = plan.competitionInput(p, 'professional', WINDOW_APPROVED);
        plan.add(p, input, APPROVED);
        plan.fillProfessional(p, 60 - input.hours, Infinity, WINDOW_APPROVED, APPROVED);
      } else {
        plan.fillProfessional(p, 60, Infinity, WINDOW_APPROVED, APPROVED);
      }
    } else if (roll < 0.7) {
      // on the way: some of each, the year is not over
      plan.fillPublic(p, rng.int(6, 22), 30, WINDOW_APPROVED, APPROVED);
      plan.fillProfessional(p, rng.int(12, 44), 60, WINDOW_APPROVED, APPROVED);
    } else if (roll < 0.8) {
      // professional done, public short
      plan.fillPublic(p, rng.int(6, 18), 30, WINDOW_APPROVED, APPROVED);
      plan.fillProfessional(p, 60, Infinity, WINDOW_APPROVED, APPROVED);
    } else if (roll < 0.9) {
      // public done, professional short
      plan.fillPublic(p, 30, Infinity, WINDOW_APPROVED, APPROVED);
      plan.fillProfessional(p, rng.int(16, 40), 60, WINDOW_APPROVED, APPROVED);
    }
    // else: nothing registered yet this year
  }

  // 2. Claims that show the approval flow at every stage.
  const unitOf = (p: DemoPerson) => demoUnit(p.unitKey);
  const staffWhere = (pred: (unit: DemoUnit) => boolean) => people.filter((p) => pred(unitOf(p)));
  const recent = (p: number): ClaimInput | null =>
    rng.chance(0.5) ? plan.publicInput(p, WINDOW_RECENT) : plan.professionalInput(p, WINDOW_RECENT);
  const addRecent = (p: number, outcome: DemoOutcome) => {
    for (let tries = 0; tries < 10; tries++) {
      const input = recent(p);
      if (input) {
        plan.add(p, input, outcome);
        return;
      }
    }
  };

  // waiting at the unit: one per unit (the account holder's own, where the unit has one)
  for (const unit of DEMO_UNITS) {
    const staff = people.filter((p) => p.unitKey === unit.key);
    const holder = staff.find((p) => p.login) ?? rng.pick(staff);
    addRecent(holder.index, { kind: 'in_review', pendingAt: 'unit' });
  }
  // waiting at each department
  for (const department of DEMO_DEPARTMENTS) {
    const staff = staffWhere((u) => unitDepartment(u)?.key === department.key);
    for (let i = 0; i < 2; i++)
      addRecent(rng.pick(staff).index, { kind: 'in_review', pendingAt: 'department' });
  }
  // waiting at each district bureau
  for (const district of DEMO_DISTRICTS) {
    const staff = staffWhere((u) => unitDistrict(u)?.key === district.key);
    for (let i = 0; i < 3; i++)
      addRecent(rng.pick(staff).index, { kind: 'in_review', pendingAt: 'district' });
  }
  // waiting at the city bureau (city-direct units)
  const cityDirect = staffWhere((u) => unitDistrict(u) === null);
  for (let i = 0; i < 6; i++) addRecent(rng.pick(cityDirect).index, { kind: 'in_review', pendingAt: 'city' });

  const holders = people.filter((p) => p.login);
  const somebodyAt = (level: Level, preferHolder: boolean): DemoPerson => {
    const eligible = people.filter((p) => unitLevels(unitOf(p)).includes(level));
    const held = eligible.filter((p) => p.login);
    return preferHolder && held.length > 0 ? rng.pick(held) : rng.pick(eligible);
  };

  // returned to the applicant with a reason (the first ones to people with an account, who can resubmit)
  const returnLevels: readonly Level[] = ['unit', 'department', 'district', 'city', 'unit', 'district'];
  returnLevels.forEach((level, i) => {
    const reason = RETURN_REASONS[i] ?? '请补充材料后重新提交';
    addRecent(somebodyAt(level, i < 3).index, { kind: 'returned', by: level, reason });
  });
  // rejected
  (['unit', 'department', 'district', 'city'] as const).forEach((level, i) => {
    const reason = REJECT_REASONS[i] ?? '不属于继续教育范围';
    addRecent(somebodyAt(level, false).index, { kind: 'rejected', by: level, reason });
  });
  // withdrawn by the applicant before anyone decided
  for (let i = 0; i < 3; i++) addRecent(rng.pick(people).index, { kind: 'withdrawn' });
  // approved, then revoked by the last level (two district bureaus and the city)
  (['district', 'district', 'city'] as const).forEach((level, i) => {
    const p = somebodyAt(level, false).index;
    const input = plan.professionalInput(p, WINDOW_APPROVED) ?? plan.publicInput(p, WINDOW_APPROVED);
    if (input) plan.add(p, input, { kind: 'revoked', reason: REVOKE_REASONS[i] ?? '经核查不符合登记条件' });
  });
  // returned for wrong hours, corrected and resubmitted, then approved
  (['department', 'district'] as const).forEach((level) => {
    const p = somebodyAt(level, false).index;
    const input = plan.publicInput(p, WINDOW_APPROVED);
    if (!input) return;
    const corrected = input.hours > 6 ? input.hours - 2 : input.hours - 1;
    plan.add(p, input, {
      kind: 'resubmitted',
      by: level,
      reason: `学时数与培训通知不符（通知为${corrected}学时），请核实后重新提交`,
      changes: { hours: corrected },
    });
  });
  // make-up study (补学) for 2019, done in 2020
  for (let i = 0; i < 7; i++) {
    const person = i === 0 && holders[1] ? holders[1] : rng.pick(people);
    const p = person.index;
    const subject: Subject = i % 3 === 2 ? 'professional' : 'public';
    const base =
      subject === 'public' ? plan.publicInput(p, WINDOW_MAKE_UP) : plan.professionalInput(p, WINDOW_MAKE_UP);
    if (!base) continue;
    const input: ClaimInput = {
      ...base,
      title: `2019年度${subject === 'public' ? '公需科目' : '专业科目'}补学：${base.title}`,
      makeUpForYear: 2019,
    };
    plan.add(p, input, i === 6 ? { kind: 'in_review', pendingAt: 'unit' } : APPROVED);
  }
  return plan.claims;
}

// ---------------------------------------------------------------------------------------------
// The plan and the logins
// ---------------------------------------------------------------------------------------------

const SEED = 20200901;

export interface DemoPlan {
  readonly people: readonly DemoPerson[];
  readonly claims: readonly DemoClaim[];
}

/** Pure: the same plan every time. */
export function buildDemoPlan(seed = SEED): DemoPlan {
  const rng = new DemoRandom(seed);
  const people = buildPeople(rng);
  const claims = buildClaims(rng, people);
  return { people, claims };
}

export const DEMO_PLAN: DemoPlan = buildDemoPlan();

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** Organisation key: `CITY`, a district, department, unit or base key. */
  readonly orgKey: string;
  readonly personIndex?: number;
}

export function demoAccounts(plan: DemoPlan = DEMO_PLAN): DemoAccount[] {
  return [
    { username: 'city', displayName: '市人社局审核员', role: 'city_reviewer', orgKey: CITY },
    { username: 'auditor', displayName: '市人社局审计员', role: 'auditor', orgKey: CITY },
    ...DEMO_DISTRICTS.map((d) => ({
      username: d.key,
      displayName: `${d.name}人社局审核员`,
      role: 'district_reviewer' as const,
      orgKey: d.key,
    })),
    ...DEMO_DEPARTMENTS.map((d) => ({
      username: d.key,
      displayName: `${d.name}审核员`,
      role: 'department_reviewer' as const,
      orgKey: d.key,
    })),
    ...DEMO_UNITS.map((u) => ({
      username: u.key,
      displayName: `${u.name}管理员`,
      role: 'unit_admin' as const,
      orgKey: u.key,
    })),
    ...DEMO_BASES.map((b) => ({
      username: b.key,
      displayName: `${b.name}基地管理员`,
      role: 'base_operator' as const,
      orgKey: b.key,
    })),
    ...plan.people.flatMap((p) =>
      p.login
        ? [
            {
              username: p.login,
              displayName: p.name,
              role: 'person' as const,
              orgKey: p.unitKey,
              personIndex: p.index,
            },
          ]
        : [],
    ),
  ];
}

function orgName(key: string): string {
  if (key === CITY) return ROOT_ORG_NAME;
  const district = districtByKey.get(key);
  if (district) return bureauName(district);
  const name =
    departmentByKey.get(key)?.name ?? unitByKey.get(key)?.name ?? DEMO_BASES.find((b) => b.key === key)?.name;
  if (!name) throw new Error(`unknown demo organisation ${key}`);
  return name;
}

/**
 * Every account the demo creates, password `demo-2020`. Not listed: `admin` (role admin, in the city
 * bureau), created by the identity bootstrap with the password CE_BOOTSTRAP_ADMIN_PASSWORD
 * (`admin-demo-2020` under `npm start`).
 */
export const DEMO_LOGINS: readonly { username: string; password: string; role: Role; org: string }[] =
  demoAccounts().map((a) => ({
    username: a.username,
    password: DEMO_PASSWORD,
    role: a.role,
    org: orgName(a.orgKey),
  }));
