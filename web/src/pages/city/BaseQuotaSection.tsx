import { Card, Table, Typography } from 'antd';
import { Suspense, lazy, useMemo } from 'react';
import { Link } from 'react-router';
import { api, useQuery } from '../../api';
import { PageLoading } from '../../components/PageLoading';
import { PageState } from '../../components/PageState';
import { BaseStatusTag } from '../bases/BaseStatusTag';
import { basesProgressOption } from '../bases/charts';
import type { BaseYear } from '../bases/types';

const EChart = lazy(() => import('../units/EChart'));

/** 基地任务完成情况: the bases' quotas in one chart, for the city. */
export function BaseQuotaSection({ year }: { readonly year: number }) {
  const q = useQuery(`bases:${year}`, (signal, after) =>
    api.get<{ year: number; items: BaseYear[] }>('/api/v1/bases', { query: { year }, signal, after }),
  );
  const option = useMemo(() => (q.data ? basesProgressOption(q.data.items) : null), [q.data]);
  return (
    <Card
      title={`${year}年度继续教育基地任务完成情况`}
      extra={<Link to={`/bases?year=${year}`}>查看明细</Link>}
    >
      <PageState
        loading={q.loading}
        error={q.error}
        data={q.data}
        onRetry={() => q.reload()}
        isEmpty={(d) => d.items.length === 0}
        empty={<Typography.Paragraph type="secondary">尚无登记的继续教育基地。</Typography.Paragraph>}
      >
        {(data) => (
          <>
            <Suspense fallback={<PageLoading />}>
              {option && (
                <EChart
                  option={option}
                  height={Math.max(220, 70 * data.items.length + 60)}
                  label={`${data.year}年度各基地任务完成百分比`}
                />
              )}
            </Suspense>
            <Table<BaseYear>
              rowKey="baseId"
              size="small"
              pagination={false}
              dataSource={data.items}
              columns={[
                {
                  title: '基地',
                  key: 'name',
                  render: (_, b) => (
                    <Link to={`/bases/${b.baseId}?year=${year}`}>{b.baseName ?? b.baseId}</Link>
                  ),
                },
                { title: '培训人数 / 任务', key: 't', render: (_, b) => `${b.trainees} / ${b.traineeQuota}` },
                { title: '预计全年', dataIndex: 'forecastTrainees', align: 'right' },
                {
                  title: '研修项目 / 任务',
                  key: 'p',
                  render: (_, b) => `${b.researchProjects} / ${b.projectQuota}`,
                },
                { title: '状态', dataIndex: 'status', render: (s: string) => <BaseStatusTag status={s} /> },
              ]}
            />
          </>
        )}
      </PageState>
    </Card>
  );
}
