import { Card, Col, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { Suspense, lazy, useMemo } from 'react';
import { LEDGER_STATUS, api, useQuery } from '../../api';
import { PageLoading } from '../../components/PageLoading';
import { PageState } from '../../components/PageState';
import { complianceOption } from './charts';
import type { Compliance, DistrictCompliance } from './types';

const EChart = lazy(() => import('../units/EChart'));

const pct = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** 学时达标情况: people's years by district (compliant, in progress, not started, closed short). */
export function ComplianceSection({ year }: { readonly year: number }) {
  const q = useQuery(`compliance:${year}`, (signal, after) =>
    api.get<Compliance>('/api/v1/dashboards/compliance', { query: { year }, signal, after }),
  );
  const option = useMemo(() => (q.data ? complianceOption(q.data.districts) : null), [q.data]);
  return (
    <Card title={`${year}年度学时达标情况`}>
      <PageState
        loading={q.loading}
        error={q.error}
        data={q.data}
        onRetry={() => q.reload()}
        isEmpty={(d) => d.total.persons === 0}
        empty={<Typography.Paragraph type="secondary">范围内尚无登记的专业技术人员。</Typography.Paragraph>}
      >
        {(c) => (
          <>
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              <Col xs={12} md={6}>
                <Statistic title="专业技术人员" value={c.total.persons} suffix="人" />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="已达标" value={c.total.byStatus.compliant} suffix="人" />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={c.closed ? '未达标（年度已结束）' : '进行中 / 未开始'}
                  value={
                    c.closed
                      ? c.total.byStatus.non_compliant
                      : c.total.byStatus.in_progress + c.total.byStatus.not_started
                  }
                  suffix="人"
                />
              </Col>
              <Col xs={12} md={6}>
                <div>达标率</div>
                <Progress
                  type="circle"
                  size={72}
                  percent={Math.round(c.total.rate * 1000) / 10}
                  aria-label={`达标率 ${pct(c.total.rate)}`}
                />
              </Col>
            </Row>
            <Suspense fallback={<PageLoading />}>
              {option && (
                <EChart
                  option={option}
                  height={360}
                  label={`${c.year}年度各区市专业技术人员学时达标情况：按状态分组的人数与达标率`}
                  testId="compliance-chart"
                />
              )}
            </Suspense>
            <Table<DistrictCompliance>
              style={{ marginTop: 16 }}
              rowKey={(d) => d.districtId ?? 'city'}
              size="small"
              pagination={false}
              dataSource={[...c.districts]}
              scroll={{ x: 760 }}
              columns={[
                { title: '区市', dataIndex: 'districtName' },
                { title: '人数', dataIndex: 'persons', width: 80, align: 'right' },
                ...(['compliant', 'in_progress', 'not_started', 'non_compliant'] as const).map((s) => ({
                  title: <Tag color={LEDGER_STATUS[s].color}>{LEDGER_STATUS[s].label}</Tag>,
                  key: s,
                  width: 100,
                  align: 'right' as const,
                  render: (_: unknown, d: DistrictCompliance) => d.byStatus[s],
                })),
                {
                  title: '达标率',
                  dataIndex: 'rate',
                  width: 160,
                  render: (rate: number) => <Progress percent={Math.round(rate * 1000) / 10} size="small" />,
                },
              ]}
            />
          </>
        )}
      </PageState>
    </Card>
  );
}
