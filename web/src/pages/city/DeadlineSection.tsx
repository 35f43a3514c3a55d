import { Card, Progress, Table, Typography } from 'antd';
import { Suspense, lazy, useMemo } from 'react';
import { api, useQuery } from '../../api';
import { PageLoading } from '../../components/PageLoading';
import { PageState } from '../../components/PageState';
import { formatDateTime } from '../../components/format';
import { DaysLeftTag } from '../notices/DaysLeftTag';
import { DEADLINE_KIND_LABELS } from '../units/labels';
import { isMissingEndpoint } from '../units/pending';
import { useServerNow } from '../units/server-year';
import { deadlinesOption } from './charts';
import type { DeadlineFulfilment } from './types';

const EChart = lazy(() => import('../units/EChart'));

/** 截止日期完成情况: for each deadline of the year, how many owed it and how many have done it. */
export function DeadlineSection({ year }: { readonly year: number }) {
  const clock = useServerNow();
  const q = useQuery(`deadline-fulfilment:${year}`, (signal, after) =>
    api.get<readonly DeadlineFulfilment[]>('/api/v1/dashboards/deadlines', {
      query: { year },
      signal,
      after,
    }),
  );
  const option = useMemo(() => (q.data ? deadlinesOption(q.data) : null), [q.data]);
  return (
    <Card title={`${year}年度截止日期完成情况`}>
      {isMissingEndpoint(q.error) ? (
        <Typography.Paragraph type="secondary">截止日期完成情况统计暂未开放。</Typography.Paragraph>
      ) : (
        <PageState
          loading={q.loading}
          error={q.error}
          data={q.data}
          onRetry={() => q.reload()}
          isEmpty={(d) => d.length === 0}
          empty={<Typography.Paragraph type="secondary">该年度没有截止日期。</Typography.Paragraph>}
        >
          {(items) => (
            <>
              <Suspense fallback={<PageLoading />}>
                {option && (
                  <EChart
                    option={option}
                    height={Math.max(200, 60 * items.length + 60)}
                    label={`${year}年度各截止事项应报送与已完成数量`}
                  />
                )}
              </Suspense>
              <Table<DeadlineFulfilment>
                rowKey="deadlineId"
                size="small"
                pagination={false}
                dataSource={[...items]}
                columns={[
                  { title: '事项', dataIndex: 'kind', render: (k: string) => DEADLINE_KIND_LABELS[k] ?? k },
                  {
                    title: '截止时间',
                    dataIndex: 'dueAt',
                    width: 160,
                    render: (t: string) => formatDateTime(t),
                  },
                  {
                    title: '剩余',
                    key: 'left',
                    width: 120,
                    render: (_, d) => (clock.known ? <DaysLeftTag dueAt={d.dueAt} now={clock.now()} /> : '—'),
                  },
                  {
                    title: '已完成 / 应报送',
                    key: 'n',
                    width: 140,
                    render: (_, d) => `${d.fulfilled} / ${d.owed}`,
                  },
                  {
                    title: '完成率',
                    key: 'rate',
                    width: 160,
                    render: (_, d) => (
                      <Progress
                        percent={d.owed > 0 ? Math.round((d.fulfilled / d.owed) * 1000) / 10 : 100}
                        size="small"
                      />
                    ),
                  },
                ]}
              />
            </>
          )}
        </PageState>
      )}
    </Card>
  );
}
