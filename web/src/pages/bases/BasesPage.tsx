import { Card, Col, Progress, Row, Statistic, Table, Typography } from 'antd';
import { Suspense, lazy, useMemo } from 'react';
import { Link } from 'react-router';
import { api, useQuery } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { PageState } from '../../components/PageState';
import { BASE_TYPE_LABELS } from '../units/labels';
import { YearSelect, useYearParam } from '../units/year';
import { BaseStatusTag } from './BaseStatusTag';
import { basesProgressOption } from './charts';
import type { BaseYear } from './types';

const EChart = lazy(() => import('../units/EChart'));

const percent = (n: number, of: number): number => (of > 0 ? Math.min(100, Math.round((n / of) * 100)) : 0);

/** 基地年度进度: every base's trainees and projects against quota, forecast and status. */
export default function BasesPage() {
  const [year, setYear] = useYearParam();
  const q = useQuery(year === null ? null : `bases:${year}`, (signal, after) =>
    api.get<{ year: number; items: BaseYear[] }>('/api/v1/bases', { query: { year }, signal, after }),
  );
  const option = useMemo(() => (q.data ? basesProgressOption(q.data.items) : null), [q.data]);

  return (
    <>
      <PageHeader title="基地年度进度" extra={<YearSelect value={year} onChange={setYear} />} />
      <PageState
        loading={q.loading}
        error={q.error}
        data={q.data}
        onRetry={() => q.reload()}
        isEmpty={(d) => d.items.length === 0}
        empty={<Typography.Paragraph type="secondary">尚无登记的继续教育基地。</Typography.Paragraph>}
      >
        {(data) => {
          const atRisk = data.items.filter((b) => b.status === 'at_risk' || b.status === 'not_met').length;
          return (
            <>
              <Row gutter={16} style={{ marginBottom: 16 }}>
                <Col xs={12} md={6}>
                  <Card>
                    <Statistic title="基地数" value={data.items.length} suffix="个" />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card>
                    <Statistic title="已培训（人）" value={data.items.reduce((s, b) => s + b.trainees, 0)} />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card>
                    <Statistic
                      title="研修项目（项）"
                      value={data.items.reduce((s, b) => s + b.researchProjects, 0)}
                    />
                  </Card>
                </Col>
                <Col xs={12} md={6}>
                  <Card>
                    <Statistic
                      title="存在风险 / 未完成"
                      value={atRisk}
                      suffix="个"
                      styles={{ content: { color: atRisk > 0 ? '#cf1322' : undefined } }}
                    />
                  </Card>
                </Col>
              </Row>
              <Card title="完成进度（占年度任务的百分比）" style={{ marginBottom: 16 }}>
                <Suspense fallback={<PageLoading />}>
                  {option && (
                    <EChart
                      option={option}
                      height={Math.max(220, 70 * data.items.length + 60)}
                      label={`${data.year}年度各基地培训人数、预计全年人数与研修项目占年度任务的百分比`}
                      testId="bases-chart"
                    />
                  )}
                </Suspense>
              </Card>
              <Card title="各基地明细">
                <Table<BaseYear>
                  rowKey="baseId"
                  dataSource={data.items}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[
                    {
                      title: '基地',
                      key: 'name',
                      render: (_, b) => (
                        <Link to={`/bases/${b.baseId}?year=${data.year}`}>{b.baseName ?? b.baseId}</Link>
                      ),
                    },
                    {
                      title: '类型',
                      dataIndex: 'baseType',
                      width: 190,
                      render: (t: string) => BASE_TYPE_LABELS[t] ?? t,
                    },
                    {
                      title: '培训人数 / 任务',
                      key: 'trainees',
                      width: 220,
                      render: (_, b) => (
                        <>
                          <div>
                            {b.trainees} / {b.traineeQuota}
                          </div>
                          <Progress
                            percent={percent(b.trainees, b.traineeQuota)}
                            size="small"
                            aria-label={`${b.baseName ?? ''}培训人数进度`}
                          />
                        </>
                      ),
                    },
                    { title: '预计全年', dataIndex: 'forecastTrainees', width: 100, align: 'right' },
                    {
                      title: '研修项目 / 任务',
                      key: 'projects',
                      width: 130,
                      render: (_, b) => `${b.researchProjects} / ${b.projectQuota}`,
                    },
                    {
                      title: '状态',
                      dataIndex: 'status',
                      width: 100,
                      render: (s: string) => <BaseStatusTag status={s} />,
                    },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </PageState>
    </>
  );
}
