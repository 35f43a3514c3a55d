import { Timeline, Typography } from 'antd';
import { api, LEVEL_LABELS, labelOf, type Step, useQuery } from '../api';
import { useAuth } from '../auth/auth';
import { formatDateTime, shortId } from './format';
import { DecisionTag } from './Tags';

const COLOR: Record<string, string> = {
  approved: 'green',
  returned: 'orange',
  rejected: 'red',
  pending: 'blue',
  skipped: 'gray',
};

/** The approval steps of a subject: level, decision, by whom, when, comment. */
export function StepsTimeline({ steps }: { readonly steps: readonly Step[] }) {
  const { user } = useAuth();
  const ids = [...new Set(steps.flatMap((s) => (s.by ? [s.by] : [])))].sort();
  const names = useQuery(ids.length > 0 ? `user-names:${ids.join(',')}` : null, (signal) =>
    api.get<{ names: Record<string, string> }>('/api/v1/users/names', {
      query: { ids: ids.join(',') },
      signal,
    }),
  );
  const nameOf = (id: string): string => (id === user?.id ? '我' : (names.data?.names[id] ?? shortId(id)));
  if (steps.length === 0) return <Typography.Text type="secondary">暂无审批步骤</Typography.Text>;
  return (
    <Timeline
      data-testid="steps"
      items={steps.map((step, index) => ({
        key: `${index}-${step.level}`,
        color: COLOR[step.decision] ?? 'gray',
        content: (
          <div data-testid={`step-${step.level}`}>
            <Typography.Text strong>{labelOf(LEVEL_LABELS, step.level)}</Typography.Text>{' '}
            <DecisionTag decision={step.decision} />
            {step.by && (
              <Typography.Text type="secondary" title={step.by}>
                {' '}
                审核人：{nameOf(step.by)}
              </Typography.Text>
            )}
            {step.at && <Typography.Text type="secondary"> {formatDateTime(step.at)}</Typography.Text>}
            {step.comment && <div>意见：{step.comment}</div>}
          </div>
        ),
      }))}
    />
  );
}
