import { Tag } from 'antd';
import { BASE_STATUS, tagOfStatus } from '../units/labels';

/** 进度正常 / 存在风险 / 已完成 / 未完成. */
export function BaseStatusTag({ status }: { readonly status: string }) {
  const t = tagOfStatus(BASE_STATUS, status);
  return (
    <Tag color={t.color} data-testid="base-status">
      {t.label}
    </Tag>
  );
}
