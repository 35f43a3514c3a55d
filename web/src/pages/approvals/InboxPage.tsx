import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  Empty,
  Flex,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  api,
  type BatchResult,
  LEVEL_LABELS,
  labelOf,
  type Org,
  SUBJECT_TYPE_LABELS,
  type SubjectType,
  type Task,
  useQuery,
} from '../../api';
import { useAuth } from '../../auth/auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/PageState';
import { OverdueTag } from '../../components/Tags';
import { useFailureMessage } from '../../components/notify';
import { type BatchOutcome, BatchResults } from './BatchResults';
import { TaskDrawer } from './TaskDrawer';
import { type InboxFilters, useInbox } from './use-inbox';

/** Filters live in the URL, so a reload or a shared link shows the same inbox. */
function useFilters(): [
  InboxFilters,
  (patch: Partial<Record<keyof InboxFilters, string | undefined>>) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters: InboxFilters = {
    ...(params.get('subjectType') ? { subjectType: params.get('subjectType') as SubjectType } : {}),
    ...(Number(params.get('year')) >= 2000 ? { year: Number(params.get('year')) } : {}),
    ...(params.get('districtId') ? { districtId: params.get('districtId') ?? '' } : {}),
    ...(params.get('status') === 'open' || params.get('status') === 'claimed'
      ? { status: params.get('status') as 'open' | 'claimed' }
      : {}),
    ...(params.get('overdue') === 'true' ? { overdue: true } : {}),
  };
  const update = (patch: Partial<Record<keyof InboxFilters, string | undefined>>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  return [filters, update];
}

/** 待办审批: the approver's tasks in due-date order, a page at a time, with the subject beside. */
export default function InboxPage() {
  const { user, hasRole } = useAuth();
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const [filters, setFilter] = useFilters();
  const inbox = useInbox(filters);
  const [openTaskId, setOpenTaskId] = useState<string | null>(null);
  const [selected, setSelected] = useState<readonly string[]>([]);
  const [batchOpen, setBatchOpen] = useState(false);
  const [batchComment, setBatchComment] = useState('');
  const [batchBusy, setBatchBusy] = useState(false);
  const [batchOutcome, setBatchOutcome] = useState<BatchOutcome | null>(null);
  const seesDistricts = hasRole('city_reviewer', 'auditor', 'admin');
  const districts = useQuery(seesDistricts ? 'districts' : null, (signal) =>
    api.get<{ items: Org[] }>('/api/v1/orgs', { query: { kind: 'district' }, signal }),
  );
  const mayDecide = hasRole(
    'unit_admin',
    'department_reviewer',
    'district_reviewer',
    'city_reviewer',
    'base_operator',
  );
  const openTask = useMemo(
    () => inbox.items.find((t) => t.id === openTaskId) ?? null,
    [inbox.items, openTaskId],
  );
  const selectedNow = selected.filter((id) => inbox.items.some((t) => t.id === id));

  const approveBatch = async () => {
    setBatchBusy(true);
    const tasks = new Map(inbox.items.filter((t) => selectedNow.includes(t.id)).map((t) => [t.id, t]));
    try {
      const { results } = await api.post<BatchResult>('/api/v1/tasks/approve-batch', {
        taskIds: selectedNow,
        ...(batchComment.trim() ? { comment: batchComment.trim() } : {}),
      });
      setBatchOpen(false);
      setBatchComment('');
      setSelected([]);
      setBatchOutcome({ results, tasks });
      const positions = results.flatMap((r) => (r.ok && r.position ? [r.position] : []));
      inbox.refresh(positions[positions.length - 1] ?? null);
    } catch (error) {
      fail(error);
    } finally {
      setBatchBusy(false);
    }
  };

  const subjectOptions = Object.entries(SUBJECT_TYPE_LABELS).map(([value, label]) => ({ value, label }));

  return (
    <>
      <PageHeader
        title="待办审批"
        extra={
          <Space>
            {inbox.counts && (
              <Typography.Text data-testid="inbox-counts">
                待认领 {inbox.counts.open} 项 · 已认领 {inbox.counts.claimed} 项
              </Typography.Text>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => inbox.refresh()} loading={inbox.loading}>
              刷新
            </Button>
          </Space>
        }
      />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }} role="search" aria-label="筛选待办">
        <Select
          aria-label="事项类型"
          allowClear
          placeholder="全部事项类型"
          style={{ width: 160 }}
          value={filters.subjectType}
          options={subjectOptions}
          onChange={(v?: string) => setFilter({ subjectType: v })}
        />
        <InputNumber<number>
          aria-label="年度"
          placeholder="年度"
          min={2000}
          max={2100}
          style={{ width: 110 }}
          value={filters.year ?? null}
          onChange={(v) => setFilter({ year: v ? String(v) : undefined })}
        />
        {seesDistricts && (
          <Select
            aria-label="区市"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部区市"
            style={{ width: 240 }}
            loading={districts.loading}
            value={filters.districtId}
            options={(districts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            onChange={(v?: string) => setFilter({ districtId: v })}
          />
        )}
        <Select
          aria-label="办理状态"
          allowClear
          placeholder="全部状态"
          style={{ width: 130 }}
          value={filters.status}
          options={[
            { value: 'open', label: '待认领' },
            { value: 'claimed', label: '已认领' },
          ]}
          onChange={(v?: string) => setFilter({ status: v })}
        />
        <Checkbox
          checked={filters.overdue === true}
          onChange={(e) => setFilter({ overdue: e.target.checked ? 'true' : undefined })}
        >
          仅看已逾期
        </Checkbox>
        {mayDecide && (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={selectedNow.length === 0}
            onClick={() => setBatchOpen(true)}
          >
            批量通过{selectedNow.length > 0 ? `（${selectedNow.length}）` : ''}
          </Button>
        )}
      </Flex>
      {inbox.error && <ErrorState error={inbox.error} onRetry={() => inbox.refresh()} />}
      {!inbox.error && (
        <>
          <Table<Task>
            data-testid="inbox"
            rowKey="id"
            size="middle"
            loading={inbox.loading}
            dataSource={inbox.items as Task[]}
            pagination={false}
            // Thousands of loaded rows stay smooth: only the visible ones are rendered.
            {...(inbox.items.length > 200 ? { virtual: true, scroll: { x: 1100, y: 640 } } : {})}
            locale={{
              emptyText: <Empty description={filters.overdue ? '没有已逾期的待办' : '暂无待办事项'} />,
            }}
            rowSelection={
              mayDecide
                ? {
                    selectedRowKeys: selectedNow as string[],
                    onChange: (keys) => setSelected(keys.map(String)),
                    getCheckboxProps: (t) => ({
                      disabled: t.claimedBy !== null && t.claimedBy !== user?.id,
                      'aria-label': `选择 ${t.summary}`,
                    }),
                  }
                : undefined
            }
            onRow={(t) =>
              ({ 'data-testid': `task-row`, 'data-subject-id': t.subjectId }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: '事项',
                dataIndex: 'summary',
                render: (summary: string, t) => (
                  <Space orientation="vertical" size={0}>
                    <Button
                      type="link"
                      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                      onClick={() => setOpenTaskId(t.id)}
                    >
                      {summary}
                    </Button>
                    <Typography.Text type="secondary">
                      {labelOf(SUBJECT_TYPE_LABELS, t.subjectType)}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: '申请人',
                dataIndex: 'applicantName',
                width: 110,
                render: (v?: string | null) => v ?? '—',
              },
              {
                title: '层级',
                dataIndex: 'level',
                width: 110,
                render: (l: string) => labelOf(LEVEL_LABELS, l),
              },
              { title: '年度', dataIndex: 'year', width: 80, render: (y?: number | null) => y ?? '—' },
              {
                title: '学时',
                dataIndex: 'hours',
                width: 80,
                align: 'right',
                render: (h?: number | null) => h ?? '—',
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 110,
                render: (s: string, t) =>
                  s === 'claimed' ? (
                    <Tag color="gold">{t.claimedBy === user?.id ? '我已认领' : '他人认领'}</Tag>
                  ) : (
                    <Tag color="blue">待认领</Tag>
                  ),
              },
              {
                title: '截止时间',
                dataIndex: 'dueAt',
                width: 210,
                sorter: true,
                sortOrder: 'ascend',
                sortDirections: ['ascend'],
                render: (due: string | null, t) => (
                  <Space size={4}>
                    {formatDateTime(due)}
                    <OverdueTag dueAt={due} now={inbox.now} />
                    {(t.urgedCount ?? 0) > 0 && <Tag color="volcano">催办</Tag>}
                  </Space>
                ),
              },
              {
                title: '操作',
                key: 'open',
                width: 90,
                render: (_, t) => (
                  <Button size="small" onClick={() => setOpenTaskId(t.id)} aria-label={`办理 ${t.summary}`}>
                    办理
                  </Button>
                ),
              },
            ]}
          />
          <Flex justify="center" style={{ marginTop: 16 }}>
            {inbox.hasMore ? (
              <Button onClick={inbox.loadMore} loading={inbox.loadingMore}>
                加载更多
              </Button>
            ) : (
              inbox.items.length > 0 && (
                <Typography.Text type="secondary">已显示全部 {inbox.items.length} 项</Typography.Text>
              )
            )}
          </Flex>
        </>
      )}
      <TaskDrawer
        task={openTask}
        now={inbox.now}
        onClose={() => setOpenTaskId(null)}
        onChanged={(position, gone) => {
          if (gone) setOpenTaskId(null);
          inbox.refresh(position ?? null);
        }}
      />
      <Modal
        open={batchOpen}
        title={`批量通过 ${selectedNow.length} 项`}
        okText="全部通过"
        cancelText="取消"
        confirmLoading={batchBusy}
        onOk={() => void approveBatch()}
        onCancel={() => setBatchOpen(false)}
      >
        <label htmlFor="batch-comment">审批意见（可选）</label>
        <Input.TextArea
          id="batch-comment"
          rows={3}
          maxLength={2000}
          value={batchComment}
          onChange={(e) => setBatchComment(e.target.value)}
        />
      </Modal>
      <BatchResults
        outcome={batchOutcome}
        onClose={() => {
          setBatchOutcome(null);
          void message.info('已刷新待办列表');
        }}
      />
    </>
  );
}
