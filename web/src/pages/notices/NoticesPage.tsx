import { CheckOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, useQuery } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { formatDateTime } from '../../components/format';
import { useFailureMessage } from '../../components/notify';
import { DEADLINE_KIND_LABELS, noticeKindLabel } from '../units/labels';
import { useServerNow } from '../units/server-year';
import { YearSelect, useYearParam } from '../units/year';
import { DaysLeftTag } from './DaysLeftTag';
import type { Deadline, Notice } from './types';

/** 通知与截止日期: the year's deadlines with the days left, and the user's notices (unread first). */
export default function NoticesPage() {
  const [year, setYear] = useYearParam();
  const [show, setShow] = useState<'unread' | 'all'>('unread');
  const [marking, setMarking] = useState<string | null>(null);
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const clock = useServerNow();
  const deadlines = useQuery(year === null ? null : `deadlines:${year}`, (signal) =>
    api.get<readonly Deadline[]>('/api/v1/deadlines', { query: { year }, signal }),
  );
  const notices = useQuery(`notices:${show}`, (signal) =>
    api.get<readonly Notice[]>('/api/v1/notices', {
      query: { unread: show === 'unread' ? true : undefined },
      signal,
    }),
  );
  const unreadCount = useQuery('notices:unread-count', (signal) =>
    api.get<readonly Notice[]>('/api/v1/notices', { query: { unread: true }, signal }),
  );

  const markRead = async (ids: readonly string[]) => {
    setMarking(ids.length === 1 ? (ids[0] ?? null) : 'all');
    try {
      for (const id of ids) await api.post(`/api/v1/notices/${encodeURIComponent(id)}/read`);
      void message.success(ids.length === 1 ? '已标为已读' : `已将 ${ids.length} 条通知标为已读`);
      notices.reload();
      unreadCount.reload();
    } catch (error) {
      fail(error);
    } finally {
      setMarking(null);
    }
  };

  const unread = unreadCount.data?.length ?? 0;
  const now = clock.now();

  return (
    <>
      <PageHeader title="通知与截止日期" />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title="截止日期" extra={<YearSelect value={year} onChange={setYear} />}>
          <PageState
            loading={deadlines.loading}
            error={deadlines.error}
            data={deadlines.data}
            onRetry={() => deadlines.reload()}
            isEmpty={(d) => d.length === 0}
            empty={<Empty description="该年度没有截止日期" />}
          >
            {(items) => (
              <Table<Deadline>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={[...items].sort((a, b) => a.dueAt.localeCompare(b.dueAt))}
                columns={[
                  { title: '事项', dataIndex: 'kind', render: (k: string) => DEADLINE_KIND_LABELS[k] ?? k },
                  {
                    title: '截止时间',
                    dataIndex: 'dueAt',
                    width: 170,
                    render: (t: string) => formatDateTime(t),
                  },
                  {
                    title: '剩余',
                    key: 'left',
                    width: 130,
                    render: (_, d) => (clock.known ? <DaysLeftTag dueAt={d.dueAt} now={now} /> : '—'),
                  },
                  {
                    title: '提前提醒',
                    dataIndex: 'remindDaysBefore',
                    width: 160,
                    render: (days: Deadline['remindDaysBefore']) =>
                      (Array.isArray(days) ? days : [days]).map((n) => `${n}天`).join('、'),
                  },
                ]}
              />
            )}
          </PageState>
        </Card>
        <Card
          title={
            <Space>
              <span>通知</span>
              <Badge count={unread} overflowCount={99} aria-label={`${unread} 条未读`} />
            </Space>
          }
          extra={
            <Space wrap>
              <Segmented<'unread' | 'all'>
                aria-label="显示哪些通知"
                value={show}
                onChange={setShow}
                options={[
                  { value: 'unread', label: '未读' },
                  { value: 'all', label: '全部' },
                ]}
              />
              <Button
                icon={<CheckOutlined />}
                disabled={unread === 0}
                loading={marking === 'all'}
                onClick={() => void markRead((unreadCount.data ?? []).map((n) => n.id))}
              >
                全部标为已读
              </Button>
            </Space>
          }
        >
          <PageState
            loading={notices.loading}
            error={notices.error}
            data={notices.data}
            onRetry={() => notices.reload()}
            isEmpty={(d) => d.length === 0}
            empty={<Empty description={show === 'unread' ? '没有未读通知' : '暂无通知'} />}
          >
            {(items) => (
              <List<Notice>
                dataSource={[...items]}
                pagination={
                  items.length > 20 ? { pageSize: 20, showSizeChanger: false, hideOnSinglePage: true } : false
                }
                renderItem={(n) => (
                  <List.Item
                    actions={
                      n.readAt
                        ? [
                            <Typography.Text key="read" type="secondary">
                              已读
                            </Typography.Text>,
                          ]
                        : [
                            <Button
                              key="read"
                              size="small"
                              loading={marking === n.id}
                              onClick={() => void markRead([n.id])}
                            >
                              标为已读
                            </Button>,
                          ]
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          {!n.readAt && <Badge status="processing" aria-label="未读" />}
                          <Tag>{noticeKindLabel(n.kind)}</Tag>
                          {n.late && <Tag color="red">逾期</Tag>}
                          <Typography.Text strong={!n.readAt}>{n.message}</Typography.Text>
                        </Space>
                      }
                      description={formatDateTime(n.createdAt)}
                    />
                  </List.Item>
                )}
              />
            )}
          </PageState>
        </Card>
      </Space>
    </>
  );
}
