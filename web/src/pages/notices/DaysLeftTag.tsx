import { Tag } from 'antd';
import { daysLeft } from './types';

/** 还有 N 天 / 今天截止 / 已截止 N 天, coloured by urgency. */
export function DaysLeftTag({ dueAt, now }: { readonly dueAt: string; readonly now: number }) {
  const { days, passed } = daysLeft(dueAt, now);
  if (passed) return <Tag color="default">{days === 0 ? '今日已截止' : `已截止 ${-days} 天`}</Tag>;
  if (days === 0) return <Tag color="red">今天截止</Tag>;
  return <Tag color={days <= 3 ? 'red' : days <= 7 ? 'orange' : 'blue'}>还有 {days} 天</Tag>;
}
