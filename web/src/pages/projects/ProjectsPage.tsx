import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CLAIM_STATUS, api, useQuery } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { ClaimStatusTag } from '../../components/Tags';
import { formatDateTime } from '../../components/format';
import { PROJECT_SOURCE_LABELS } from '../units/labels';
import { YearSelect, useYearParam } from '../units/year';
import { periodText } from './format';
import { PROJECT_SUBMITTERS, type ProjectListItem } from './types';

const STATUS_OPTIONS = [
  { value: '', label: '全部状态' },
  ...Object.entries(CLAIM_STATUS)
    .filter(([k]) => k !== 'revoked')
    .map(([value, t]) => ({ value, label: t.label })),
];

/** 我们的培训项目: projects of the user's organisation and those below it, with their status. */
export default function ProjectsPage() {
  const [year, setYear] = useYearParam();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const statusId = useId();
  const maySubmit = useAuth().hasRole(...PROJECT_SUBMITTERS);
  const q = useQuery(year === null ? null : `projects:${year}:${status}`, (signal, after) =>
    api.get<{ items: ProjectListItem[] }>('/api/v1/training-projects', {
      query: { year, status: status || undefined },
      signal,
      after,
    }),
  );

  return (
    <>
      <PageHeader
        title="培训项目申报"
        extra={
          maySubmit && (
            <Space>
              <Link to="/projects/import">
                <Button icon={<UploadOutlined />}>导入附件1</Button>
              </Link>
              <Link to="/projects/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  申报培训项目
                </Button>
              </Link>
            </Space>
          )
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <YearSelect value={year} onChange={setYear} />
          <label htmlFor={statusId}>状态</label>
          <Select
            id={statusId}
            value={status}
            options={STATUS_OPTIONS}
            style={{ width: 140 }}
            onChange={(value: string) =>
              setParams(
                (current) => {
                  const copy = new URLSearchParams(current);
                  if (value) copy.set('status', value);
                  else copy.delete('status');
                  return copy;
                },
                { replace: true },
              )
            }
          />
        </Space>
        <PageState
          loading={q.loading}
          error={q.error}
          data={q.data}
          onRetry={() => q.reload()}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <Empty description={`${year ?? ''}年度暂无培训项目`}>
              <Link to="/projects/new">申报培训项目</Link>
            </Empty>
          }
        >
          {(data) => (
            <Table<ProjectListItem>
              rowKey="id"
              dataSource={data.items}
              size="middle"
              pagination={{
                pageSize: 20,
                showSizeChanger: false,
                hideOnSinglePage: true,
                showTotal: (n) => `共 ${n} 项`,
              }}
              scroll={{ x: 900 }}
              columns={[
                {
                  title: '培训项目名称',
                  dataIndex: 'name',
                  render: (name: string, p) => <Link to={`/projects/${p.id}`}>{name}</Link>,
                },
                { title: '承办单位', dataIndex: 'organizerName' },
                { title: '学时', dataIndex: 'hours', width: 70, align: 'right' },
                {
                  title: '培训时间',
                  key: 'period',
                  width: 200,
                  render: (_, p) => periodText(p.startDate, p.endDate),
                },
                {
                  title: '面向全市',
                  dataIndex: 'cityWide',
                  width: 90,
                  render: (v: boolean) => (v ? <Tag color="purple">是</Tag> : '否'),
                },
                {
                  title: '来源',
                  dataIndex: 'source',
                  width: 100,
                  render: (s: string) => PROJECT_SOURCE_LABELS[s] ?? s,
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  width: 90,
                  render: (s: string) => <ClaimStatusTag status={s} />,
                },
                {
                  title: '申报时间',
                  dataIndex: 'submittedAt',
                  width: 150,
                  render: (t: string) => formatDateTime(t),
                },
              ]}
            />
          )}
        </PageState>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          显示本单位及所属单位申报的项目（最近 500 项）。
        </Typography.Paragraph>
      </Card>
    </>
  );
}
