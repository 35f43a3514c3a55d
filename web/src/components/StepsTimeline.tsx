import { Timeline, Typography } from 'antd';
import { LEVEL_LABELS, labelOf, type Step } from '../api';
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
                审核人：{step.by === user?.id ? '我' : shortId(step.by)}
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
