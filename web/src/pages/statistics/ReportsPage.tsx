import { FormOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { api, useQuery } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { ClaimStatusTag } from '../../components/Tags';
import { formatDateTime } from '../../components/format';
import { NotYetAvailable, isMissingEndpoint } from '../units/pending';
import { YearSelect, useYearParam } from '../units/year';
import { FORM_LABELS, REPORTERS, type ReportListItem } from './forms';

/** 统计报表填报: the reports (附件3, 附件4) of the user's scope with their status, and where to file one. */
export default function ReportsPage() {
  const [year, setYear] = useYearParam();
  const { hasRole } = useAuth();
  const q = useQuery(year === null ? null : `statistics-reports:${year}`, (signal, after) =>
    api.get<{ items: ReportListItem[] }>('/api/v1/statistics-reports', { query: { year }, signal, after }),
  );

  if (isMissingEndpoint(q.error)) {
    return (
      <>
        <PageHeader title="统计报表填报" />
        <NotYetAvailable what="统计报表" />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="统计报表填报"
        extra={
          hasRole(...REPORTERS) && (
            <Space>
              {(['knowledge_update', 'major_strategy'] as const).map((form) => (
                <Link key={form} to={`/statistics/reports/new?form=${form}${year ? `&year=${year}` : ''}`}>
                  <Button type={form === 'knowledge_update' ? 'primary' : 'default'} icon={<FormOutlined />}>
                    填报{FORM_LABELS[form].attachment}
                  </Button>
                </Link>
              ))}
            </Space>
          )
        }
      />
      <Card extra={<YearSelect value={year} onChange={setYear} />} title="已报送的统计表">
        <Typography.Paragraph type="secondary">
          附件3《{FORM_LABELS.knowledge_update.title}》、附件4《{FORM_LABELS.major_strategy.title}
          》由区市人社局、市直部门每年各报送一份，市人社局审核通过后计入全市汇总。
        </Typography.Paragraph>
        <PageState
          loading={q.loading}
          error={q.error}
          data={q.data}
          onRetry={() => q.reload()}
          isEmpty={(d) => d.items.length === 0}
          empty={<Typography.Paragraph type="secondary">{year}年度暂无统计表。</Typography.Paragraph>}
        >
          {(data) => (
            <Table<ReportListItem>
              rowKey="id"
              dataSource={data.items}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              scroll={{ x: 800 }}
              columns={[
                {
                  title: '统计表',
                  dataIndex: 'form',
                  render: (form: ReportListItem['form'], r) => (
                    <Link to={`/statistics/reports/${r.id}`}>
                      {FORM_LABELS[form]?.attachment ?? form} {FORM_LABELS[form]?.title ?? ''}
                    </Link>
                  ),
                },
                { title: '填报单位', dataIndex: 'orgName', width: 220 },
                { title: '年度', dataIndex: 'year', width: 80 },
                {
                  title: '经费(万元)',
                  dataIndex: 'fundingWan',
                  width: 110,
                  align: 'right',
                  render: (v: number) => v.toFixed(2),
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  width: 90,
                  render: (s: string) => <ClaimStatusTag status={s} />,
                },
                {
                  title: '报送时间',
                  dataIndex: 'submittedAt',
                  width: 150,
                  render: (t: string) => formatDateTime(t),
                },
              ]}
            />
          )}
        </PageState>
      </Card>
    </>
  );
}
