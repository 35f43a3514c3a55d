import type { ChartOption } from '../units/EChart';
import type { BaseYear } from './types';

const pct = (n: number, of: number): number => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);

/** Every base: trainees so far and the year's forecast as a share of its quota (quotas differ by kind). */
export function basesProgressOption(items: readonly BaseYear[]): ChartOption {
  const names = items.map((b) => b.baseName ?? b.baseId);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => `${String(v)}%`,
    },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: '{value}%' },
      max: (v: { max: number }) => Math.max(120, Math.ceil(v.max / 10) * 10),
    },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      {
        name: '已培训 / 年度任务',
        type: 'bar',
        itemStyle: { color: '#1677ff' },
        data: items.map((b) => pct(b.trainees, b.traineeQuota)),
        markLine: {
          symbol: 'none',
          data: [{ xAxis: 100, name: '任务线' }],
          lineStyle: { color: '#cf1322' },
          label: { position: 'insideEndTop', formatter: '年度任务' },
        },
      },
      {
        name: '预计全年 / 年度任务',
        type: 'bar',
        itemStyle: { color: '#91caff' },
        data: items.map((b) => pct(b.forecastTrainees, b.traineeQuota)),
      },
      {
        name: '研修项目 / 任务',
        type: 'bar',
        itemStyle: { color: '#faad14' },
        data: items.map((b) => pct(b.researchProjects, b.projectQuota)),
      },
    ],
  };
}
