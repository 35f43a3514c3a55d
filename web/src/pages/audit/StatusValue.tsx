import { Tag } from 'antd';
import { CLAIM_STATUS } from '../../api';
import { BASE_STATUS } from '../units/labels';

/** A replayed `status` with its Chinese name where this app knows it (the raw value beside it). */
export function StatusValue({ value }: { readonly value: string }) {
  const known =
    (CLAIM_STATUS as Record<string, { label: string; color: string } | undefined>)[value] ??
    BASE_STATUS[value];
  if (!known) return <Tag>{value}</Tag>;
  return (
    <Tag color={known.color} title={value}>
      {known.label}（{value}）
    </Tag>
  );
}
