import { App, Button, Card, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { api, useQuery } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { ClaimStatusTag } from '../../components/Tags';
import { formatDateTime } from '../../components/format';
import { PDF, useDownload } from '../units/download';
import { readableSize } from '../units/multipart';
import { NotYetAvailable, isMissingEndpoint } from '../units/pending';
import { YearSelect, useYearParam } from '../units/year';
import { PlanUpload } from './PlanUpload';
import { PLAN_SUBMITTERS, type PlanListItem } from './types';

/** 培训方案: upload a year's stamped plan, and the plans of the user's scope with their status. */
export default function PlansPage() {
  const [year, setYear] = useYearParam();
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const download = useDownload();
  const q = useQuery(year === null ? null : `plans:${year}`, (signal, after) =>
    api.get<{ items: PlanListItem[] }>('/api/v1/training-plans', { query: { year }, signal, after }),
  );

  if (isMissingEndpoint(q.error)) {
    return (
      <>
        <PageHeader title="培训方案" />
        <NotYetAvailable what="培训方案" />
      </>
    );
  }

  return (
    <>
      <PageHeader title="培训方案" />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {hasRole(...PLAN_SUBMITTERS) && year !== null && (
          <Card title="上传年度培训方案">
            <Typography.Paragraph type="secondary">
              区市人社局、市直部门每年报送一份加盖公章的年度培训方案（PDF），由市人社局审核。被退回后可在方案详情中上传修改后的文件重新提交。
            </Typography.Paragraph>
            <PlanUpload
              defaultYear={year}
              onUploaded={(result) => {
                void message.success('培训方案已上传并提交审核');
                q.reload(result.position);
              }}
            />
          </Card>
        )}
        <Card title="已报送的培训方案" extra={<YearSelect value={year} onChange={setYear} />}>
          <PageState
            loading={q.loading}
            error={q.error}
            data={q.data}
            onRetry={() => q.reload()}
            isEmpty={(d) => d.items.length === 0}
            empty={<Typography.Paragraph type="secondary">{year}年度暂无培训方案。</Typography.Paragraph>}
          >
            {(data) => (
              <Table<PlanListItem>
                rowKey="id"
                size="middle"
                dataSource={data.items}
                pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
                scroll={{ x: 800 }}
                columns={[
                  { title: '年度', dataIndex: 'year', width: 80 },
                  {
                    title: '报送单位',
                    dataIndex: 'orgName',
                    render: (name: string, p) => <Link to={`/plans/${p.id}`}>{name}</Link>,
                  },
                  {
                    title: '文件',
                    key: 'file',
                    render: (_, p) => (
                      <Button
                        type="link"
                        style={{ padding: 0 }}
                        loading={download.busy}
                        onClick={() => download.run(`/api/v1/training-plans/${p.id}/file`, PDF, p.fileName)}
                      >
                        {p.fileName}（{readableSize(p.size)}）
                      </Button>
                    ),
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
      </Space>
    </>
  );
}
