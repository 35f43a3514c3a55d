import { FileAddOutlined } from '@ant-design/icons';
import { Button, Empty, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  api,
  CLAIM_STATUS,
  type ClaimListItem,
  type ClaimStatus,
  KIND_LABELS,
  labelOf,
  SUBJECT_LABELS,
  useQuery,
} from '../../api';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { ClaimStatusTag } from '../../components/Tags';
import { ClaimSteps } from './ClaimSteps';
import { PersonPicker, personQuery, usePersonChoice } from './person-context';

/** 我的登记: the person's claims with their status and, expanded, each claim's approval steps. */
export default function MyClaimsPage() {
  const choice = usePersonChoice();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ClaimStatus | undefined>(undefined);
  const claims = useQuery(
    choice.personId ? `claims:${choice.personId}:${status ?? ''}` : null,
    (signal, after) =>
      api.get<{ items: ClaimListItem[] }>('/api/v1/hour-claims', {
        query: { personId: choice.personId, status },
        signal,
        after,
      }),
  );
  const detail = (id: string) => `/my/claims/${id}${personQuery(choice)}`;

  return (
    <>
      <PageHeader
        title="我的登记"
        extra={
          <Space wrap>
            <PersonPicker choice={choice} />
            <Select<ClaimStatus>
              aria-label="按状态筛选"
              allowClear
              placeholder="全部状态"
              style={{ width: 140 }}
              value={status}
              onChange={setStatus}
              options={Object.entries(CLAIM_STATUS).map(([value, t]) => ({
                value: value as ClaimStatus,
                label: t.label,
              }))}
            />
            <Button
              type="primary"
              icon={<FileAddOutlined />}
              onClick={() => void navigate(`/my/claims/new${personQuery(choice)}`)}
            >
              学时登记
            </Button>
          </Space>
        }
      />
      {!choice.personId ? (
        <Empty description="请选择要查看的专业技术人员" />
      ) : (
        <PageState
          loading={claims.loading}
          error={claims.error}
          data={claims.data}
          onRetry={() => claims.reload()}
          isEmpty={(d) => d.items.length === 0}
          empty={<Empty description={status ? '没有该状态的登记' : '还没有学时登记'} />}
        >
          {(d) => (
            <Table<ClaimListItem>
              rowKey="id"
              dataSource={d.items}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              expandable={{ expandedRowRender: (row) => <ClaimSteps claimId={row.id} /> }}
              columns={[
                {
                  title: '名称',
                  dataIndex: 'title',
                  render: (title: string, row) => <Link to={detail(row.id)}>{title}</Link>,
                },
                {
                  title: '科目',
                  dataIndex: 'subject',
                  render: (s: string) => labelOf(SUBJECT_LABELS, s),
                  width: 100,
                },
                {
                  title: '类型',
                  dataIndex: 'kind',
                  render: (k: string) => labelOf(KIND_LABELS, k),
                  width: 130,
                },
                { title: '学时', dataIndex: 'hours', width: 80, align: 'right' },
                {
                  title: '年度',
                  dataIndex: 'year',
                  width: 110,
                  render: (year: number, row) => (
                    <>
                      {year} {row.makeUp && <Tag color="purple">补学</Tag>}
                    </>
                  ),
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  width: 100,
                  render: (s: string) => <ClaimStatusTag status={s} />,
                },
                { title: '提交时间', dataIndex: 'submittedAt', width: 160, render: formatDateTime },
                {
                  title: '操作',
                  key: 'actions',
                  width: 120,
                  render: (_, row) => (
                    <Link to={detail(row.id)}>{row.status === 'returned' ? '修改并重新提交' : '查看'}</Link>
                  ),
                },
              ]}
            />
          )}
        </PageState>
      )}
    </>
  );
}
