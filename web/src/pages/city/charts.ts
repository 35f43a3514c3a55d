import { LEDGER_STATUS, type LedgerStatus } from '../../api';
import type { ChartOption } from '../units/EChart';
import { DEADLINE_KIND_LABELS } from '../units/labels';
import type { DeadlineFulfilment, DistrictCompliance } from './types';

const STATUS_ORDER: readonly LedgerStatus[] = ['compliant', 'in_progress', 'not_started', 'non_compliant'];
const STATUS_COLOURS: Record<LedgerStatus, string> = {
  compliant: '#52c41a',
  in_progress: '#1677ff',
  not_started: '#bfbfbf',
  non_compliant: '#ff4d4f',
};

/** People of each district by year status (stacked), with the compliance rate on a second axis. */
export function complianceOption(districts: readonly DistrictCompliance[]): ChartOption {
  const names = districts.map((d) => d.districtName);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 35 : 0 } },
    yAxis: [
      { type: 'value', name: '人数', minInterval: 1 },
      { type: 'value', name: '达标率', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      ...STATUS_ORDER.map((status) => ({
        name: LEDGER_STATUS[status].label,
        type: 'bar',
        stack: 'persons',
        barMaxWidth: 48,
        itemStyle: { color: STATUS_COLOURS[status] },
        data: districts.map((d) => d.byStatus[status]),
      })),
      {
        name: '达标率',
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: '#722ed1' },
        tooltip: { valueFormatter: (v: unknown) => `${String(v)}%` },
        data: districts.map((d) => Math.round(d.rate * 1000) / 10),
      },
    ],
  };
}

/** Each deadline: how many owed it, how many fulfilled it. */
export function deadlinesOption(items: readonly DeadlineFulfilment[]): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((d) => DEADLINE_KIND_LABELS[d.kind] ?? d.kind),
    },
    series: [
      {
        name: '应报送',
        type: 'bar',
        barMaxWidth: 28,
        itemStyle: { color: '#d9d9d9' },
        data: items.map((d) => d.owed),
      },
      {
        name: '已完成',
        type: 'bar',
        barMaxWidth: 28,
        itemStyle: { color: '#52c41a' },
        data: items.map((d) => d.fulfilled),
      },
    ],
  };
}
