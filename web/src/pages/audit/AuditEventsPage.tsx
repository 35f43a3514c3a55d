import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, useQuery } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { formatDateTime } from '../../components/format';
import { useDownload } from '../units/download';
import { EVENT_TYPE_LABELS, STREAM_KINDS, eventTypeLabel } from '../units/labels';
import { EventActor } from './EventActor';
import { useOrgNames } from './org-names';
import type { AuditEventView, FeedPage } from './types';

const PAGE_SIZE = 50;

interface Filters {
  readonly types: readonly string[];
  readonly streamPrefix: string | undefined;
  readonly range: readonly [Dayjs | null, Dayjs | null] | null;
}

/**
 * 事件流水: the global feed in commit order, filtered, a page at a time (keyset: `after` is the
 * position the previous page ended at; the way back is the stack of positions in the address).
 */
export default function AuditEventsPage() {
  const [params, setParams] = useSearchParams();
  const types = params.get('types') ?? '';
  const streamPrefix = params.get('streamPrefix') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const trail = (params.get('trail') ?? '').split(' ').filter(Boolean);
  const after = trail[trail.length - 1] ?? '';
  const [form] = Form.useForm<Filters>();
  const download = useDownload();
  const key = `audit-feed:${types}:${streamPrefix}:${from}:${to}:${after}`;
  const q = useQuery(key, (signal) =>
    api.get<FeedPage>('/api/v1/audit/events', {
      query: {
        types: types || undefined,
        streamPrefix: streamPrefix || undefined,
        from: from || undefined,
        to: to || undefined,
        after: after || undefined,
        limit: PAGE_SIZE,
      },
      signal,
    }),
  );
  const orgNames = useOrgNames((q.data?.items ?? []).map((e) => e.metadata?.actor?.orgId));

  const typeOptions = useMemo(
    () =>
      Object.entries(EVENT_TYPE_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` })),
    [],
  );

  const apply = (values: Filters) => {
    const next = new URLSearchParams();
    if (values.types.length > 0) next.set('types', values.types.join(','));
    if (values.streamPrefix) next.set('streamPrefix', values.streamPrefix);
    if (values.range?.[0]) next.set('from', values.range[0].format());
    if (values.range?.[1]) next.set('to', values.range[1].format());
    setParams(next);
  };

  const go = (nextTrail: readonly string[]) =>
    setParams((current) => {
      const copy = new URLSearchParams(current);
      if (nextTrail.length > 0) copy.set('trail', nextTrail.join(' '));
      else copy.delete('trail');
      return copy;
    });

  const page = q.data;
  // The feed ends when a page comes back short: its `next` only says where the scan stopped.
  const more =
    page !== undefined && page.items.length === PAGE_SIZE && page.next !== null && page.next !== after;

  return (
    <>
      <PageHeader
        title="事件流水"
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={download.busy}
            onClick={() =>
              download.run('/api/v1/audit/events/export', 'text/csv', 'audit-events.csv', {
                format: 'csv',
                types: types || undefined,
                streamPrefix: streamPrefix || undefined,
                from: from || undefined,
                to: to || undefined,
              })
            }
          >
            导出 CSV
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters>
          form={form}
          layout="inline"
          onFinish={apply}
          initialValues={{
            types: types ? types.split(',') : [],
            streamPrefix: streamPrefix || undefined,
            range: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null,
          }}
        >
          <Form.Item name="types" label="事件类型" style={{ minWidth: 320 }}>
            <Select
              mode="tags"
              options={typeOptions}
              placeholder="全部类型"
              maxTagCount="responsive"
              allowClear
              style={{ width: 360 }}
            />
          </Form.Item>
          <Form.Item name="streamPrefix" label="记录类别">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 160 }}
              options={STREAM_KINDS.map((k) => ({ value: k.prefix, label: k.label }))}
            />
          </Form.Item>
          <Form.Item name="range" label="发生时间">
            <DatePicker.RangePicker showTime allowEmpty={[true, true]} placeholder={['开始', '结束']} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                筛选
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({ types: [], streamPrefix: undefined, range: null });
                  setParams(new URLSearchParams());
                }}
              >
                清除
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <PageState loading={q.loading} error={q.error} data={q.data} onRetry={() => q.reload()}>
          {(data) => (
            <>
              <Table<AuditEventView>
                rowKey="position"
                size="small"
                dataSource={[...data.items]}
                pagination={false}
                scroll={{ x: 1000 }}
                locale={{ emptyText: '没有符合条件的事件' }}
                columns={[
                  {
                    title: '发生时间',
                    key: 'at',
                    width: 150,
                    render: (_, e) => formatDateTime(e.effectiveAt ?? e.recordedAt),
                  },
                  {
                    title: '事件',
                    dataIndex: 'type',
                    render: (t: string) => {
                      const label = eventTypeLabel(t);
                      return (
                        <span title={t}>
                          {label ?? t}
                          {label && <Typography.Text type="secondary"> {t}</Typography.Text>}
                        </span>
                      );
                    },
                  },
                  {
                    title: '记录',
                    dataIndex: 'streamId',
                    width: 340,
                    render: (s: string | undefined, e) =>
                      s ? (
                        <Link to={`/audit/streams?streamId=${encodeURIComponent(s)}`}>
                          {s.length > 40 ? `${s.slice(0, 40)}…` : s}
                          <Tag style={{ marginInlineStart: 6 }}>#{String(e.revision)}</Tag>
                        </Link>
                      ) : (
                        '—'
                      ),
                  },
                  {
                    title: '操作人',
                    key: 'actor',
                    width: 260,
                    render: (_, e) => <EventActor metadata={e.metadata} orgNames={orgNames} />,
                  },
                  {
                    title: '位置',
                    dataIndex: 'position',
                    width: 120,
                    ellipsis: true,
                    render: (p: string) => (
                      <Typography.Text type="secondary" title={p}>
                        {p.replace(/^0+(?=\d)/, '')}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
              <Space style={{ marginTop: 16 }}>
                <Button disabled={trail.length === 0} onClick={() => go([])}>
                  回到开头
                </Button>
                <Button disabled={trail.length === 0} onClick={() => go(trail.slice(0, -1))}>
                  上一页
                </Button>
                <Button
                  type="primary"
                  disabled={!more}
                  onClick={() => page?.next && go([...trail, page.next])}
                >
                  下一页
                </Button>
                <Typography.Text type="secondary">
                  第 {trail.length + 1} 页，每页 {PAGE_SIZE} 条，按写入顺序
                </Typography.Text>
              </Space>
            </>
          )}
        </PageState>
      </Card>
    </>
  );
}
