import { Tag } from 'antd';
import { CLAIM_STATUS, DECISION_LABELS, LEDGER_STATUS, tagOf } from '../api';

export function ClaimStatusTag({ status }: { readonly status: string }) {
  const t = tagOf(CLAIM_STATUS, status);
  return (
    <Tag color={t.color} data-testid="claim-status">
      {t.label}
    </Tag>
  );
}

export function DecisionTag({ decision }: { readonly decision: string }) {
  const t = tagOf(DECISION_LABELS, decision);
  return <Tag color={t.color}>{t.label}</Tag>;
}

export function LedgerStatusTag({ status }: { readonly status: string }) {
  const t = tagOf(LEDGER_STATUS, status);
  return (
    <Tag color={t.color} data-testid="ledger-status">
      {t.label}
    </Tag>
  );
}

/** Red 已逾期 when the due date has passed. */
export function OverdueTag({
  dueAt,
  now,
}: {
  readonly dueAt: string | null | undefined;
  readonly now: number;
}) {
  if (!dueAt || Date.parse(dueAt) >= now) return null;
  return <Tag color="red">已逾期</Tag>;
}
