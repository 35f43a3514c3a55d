import {
  COUNT_KEYS,
  FORM_LABELS,
  KNOWLEDGE_UPDATE_FIELDS,
  MAJOR_STRATEGY_GROUPS,
  STATISTICS_FORMS,
  formFields,
  formTitle,
  isStatisticsForm,
} from './forms';

describe('the statistics forms of the 2020 notice', () => {
  it('lists 附件3’s 27 fields in the notice’s order, 装备制造 … 其他现代服务业', () => {
    expect(KNOWLEDGE_UPDATE_FIELDS).toHaveLength(27);
    expect(KNOWLEDGE_UPDATE_FIELDS[0]).toBe('装备制造');
    expect(KNOWLEDGE_UPDATE_FIELDS[12]).toBe('商务服务');
    expect(KNOWLEDGE_UPDATE_FIELDS[13]).toBe('律师公证及法律服务');
    expect(KNOWLEDGE_UPDATE_FIELDS[26]).toBe('其他现代服务业');
    expect(new Set(KNOWLEDGE_UPDATE_FIELDS).size).toBe(27);
    expect(formFields('knowledge_update').map((f) => f.field)).toEqual([...KNOWLEDGE_UPDATE_FIELDS]);
    expect(formFields('knowledge_update').every((f) => f.group === null)).toBe(true);
  });

  it('lists 附件4’s 26 fields in three groups of 10, 6 and 10', () => {
    expect(MAJOR_STRATEGY_GROUPS.map((g) => [g.group, g.fields.length])).toEqual([
      ['新旧动能转换十强产业', 10],
      ['乡村振兴', 6],
      ['海洋强省', 10],
    ]);
    const rows = formFields('major_strategy');
    expect(rows).toHaveLength(26);
    expect(rows[0]).toEqual({ group: '新旧动能转换十强产业', field: '新一代信息技术' });
    expect(rows[12]).toEqual({ group: '乡村振兴', field: '新型职业农民' });
    expect(rows[25]).toEqual({ group: '海洋强省', field: '海洋治理能力提升' });
    expect(new Set(rows.map((r) => r.field)).size).toBe(26);
  });

  it('titles the sheets with the year and labels the counts as printed', () => {
    expect(formTitle('knowledge_update', 2020)).toBe('专业技术人员知识更新工程实施情况统计表（2020年度）');
    expect(formTitle('major_strategy', 2021)).toBe(
      '山东省重大工程、重大战略专业技术人才培训统计表（2021年度）',
    );
    expect(FORM_LABELS.knowledge_update.attachment).toBe('附件3');
    expect(FORM_LABELS.major_strategy.attachment).toBe('附件4');
    for (const form of STATISTICS_FORMS) {
      for (const key of COUNT_KEYS[form]) expect(FORM_LABELS[form].counts[key]).toBeTruthy();
    }
  });

  it('knows its two forms and nothing else', () => {
    expect(isStatisticsForm('knowledge_update')).toBe(true);
    expect(isStatisticsForm('major_strategy')).toBe(true);
    expect(isStatisticsForm('annual_summary')).toBe(false);
    expect(isStatisticsForm(3)).toBe(false);
  });
});
