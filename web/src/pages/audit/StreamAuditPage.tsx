import { SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, useQuery } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { formatDateTime } from '../../components/format';
import { useFailureMessage } from '../../components/notify';
import { eventTypeLabel, streamKindLabel } from '../units/labels';
import { EventActor } from './EventActor';
import { JsonBlock, plainFields } from './JsonBlock';
import { useOrgNames } from './org-names';
import { StatusValue } from './StatusValue';
import { type StreamHistoryView, type VerifyResult, reasonOf } from './types';
import { VerifyOutcome } from './VerifyOutcome';

interface Query {
  readonly streamId: string;
  readonly asOf: Dayjs | null;
}

/** 记录追溯: one stream's events and its state as of an instant, replayed from the events. */
export default function StreamAuditPage() {
  const [params, setParams] = useSearchParams();
  const streamId = params.get('streamId')?.trim() ?? '';
  const asOf = params.get('asOf') ?? '';
  const [form] = Form.useForm<Query>();
  const fail = useFailureMessage();
  const { message } = App.useApp();
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const q = useQuery(streamId ? `audit-stream:${streamId}:${asOf}` : null, (signal) =>
    api.get<StreamHistoryView>(`/api/v1/audit/streams/${encodeURIComponent(streamId)}`, {
      query: { asOf: asOf || undefined },
      signal,
    }),
  );
  // A link (a subject page, a broken chain) changes the address: show what it asks for in the form too.
  useEffect(() => {
    form.setFieldsValue({ streamId, asOf: asOf ? dayjs(asOf) : null });
  }, [form, streamId, asOf]);
  const orgNames = useOrgNames((q.data?.events ?? []).map((e) => e.metadata?.actor?.orgId));

  const search = (values: Query) => {
    setVerified(null);
    const next = new URLSearchParams();
    next.set('streamId', values.streamId.trim());
    if (values.asOf) next.set('asOf', values.asOf.format());
    setParams(next);
  };

  const verify = async () => {
    setVerifying(true);
    try {
      const result = await api.post<VerifyResult>('/api/v1/audit/verify', { streamId });
      setVerified(result);
      void message[result.ok ? 'success' : 'error'](result.ok ? '哈希链完整' : '哈希链校验未通过');
    } catch (error) {
      fail(error);
    } finally {
      setVerifying(false);
    }
  };

  const kind = streamId ? streamKindLabel(streamId) : null;

  return (
    <>
      <PageHeader title="记录追溯" />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Form<Query>
            form={form}
            layout="inline"
            initialValues={{ streamId, asOf: asOf ? dayjs(asOf) : null }}
            onFinish={search}
          >
            <Form.Item
              name="streamId"
              label="记录编号（流）"
              rules={[{ required: true, whitespace: true, message: '请输入记录编号' }]}
              style={{ minWidth: 380 }}
            >
              <Input
                placeholder="如 training-project-1f0c…、hour-claim-…"
                allowClear
                style={{ width: 420 }}
              />
            </Form.Item>
            <Form.Item name="asOf" label="截至时间">
              <DatePicker showTime placeholder="不填为当前" aria-label="截至时间" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
            </Form.Item>
          </Form>
        </Card>
        {!streamId ? (
          <Empty description="输入记录编号，查看它的全部事件和任一时刻的状态" />
        ) : (
          <PageState loading={q.loading} error={q.error} data={q.data} onRetry={() => q.reload()}>
            {(h) => (
              <>
                <Card
                  title={
                    <Space wrap>
                      <span>{kind ?? '记录'}</span>
                      <Typography.Text code copyable>
                        {h.streamId}
                      </Typography.Text>
                    </Space>
                  }
                  extra={
                    <Button
                      icon={<SafetyCertificateOutlined />}
                      loading={verifying}
                      onClick={() => void verify()}
                    >
                      校验本记录哈希链
                    </Button>
                  }
                >
                  <Typography.Paragraph>
                    截至 {formatDateTime(h.asOf ?? (asOf || null))}，共 {h.events.length} 个事件。
                    {asOf ? '状态为该时刻的状态（由事件重放得出）。' : '状态为当前状态（由事件重放得出）。'}
                  </Typography.Paragraph>
                  {verified && <VerifyOutcome result={verified} />}
                </Card>
                <Card title="状态（重放）">
                  {h.state === null || h.state === undefined ? (
                    <Typography.Text type="secondary">
                      此类记录不提供状态重放，请查看下方事件。
                    </Typography.Text>
                  ) : (
                    <>
                      <Descriptions
                        size="small"
                        bordered
                        column={{ xs: 1, md: 2 }}
                        items={plainFields(h.state).map((f) => ({
                          key: f.path,
                          label: f.path,
                          children: /(^|\.)status$/.test(f.path) ? <StatusValue value={f.value} /> : f.value,
                        }))}
                      />
                      <Collapse
                        style={{ marginTop: 12 }}
                        items={[
                          { key: 'json', label: '完整状态（JSON）', children: <JsonBlock value={h.state} /> },
                        ]}
                      />
                    </>
                  )}
                </Card>
                <Card title="事件">
                  {h.events.length === 0 ? (
                    <Alert type="info" showIcon title="该时刻之前没有事件" />
                  ) : (
                    <Timeline
                      data-testid="audit-timeline"
                      items={h.events.map((e) => {
                        const label = eventTypeLabel(e.type);
                        const reason = reasonOf(e);
                        return {
                          key: `${e.revision}`,
                          content: (
                            <div>
                              <Space wrap>
                                <Tag>#{String(e.revision)}</Tag>
                                <Typography.Text strong>{label ?? e.type}</Typography.Text>
                                {label && (
                                  <Typography.Text type="secondary" code>
                                    {e.type}
                                  </Typography.Text>
                                )}
                              </Space>
                              <div>
                                <EventActor metadata={e.metadata} orgNames={orgNames} />
                                <Typography.Text type="secondary">
                                  {' '}
                                  · 发生于 {formatDateTime(
                                    e.effectiveAt ?? e.metadata?.now ?? e.recordedAt,
                                  )}{' '}
                                  · 写入于 {formatDateTime(e.recordedAt)}
                                </Typography.Text>
                              </div>
                              {reason && <div>理由/意见：{reason}</div>}
                              {e.hash && (
                                <div>
                                  <Typography.Text type="secondary">哈希 </Typography.Text>
                                  <Typography.Text code copyable={{ text: e.hash }} title={e.hash}>
                                    {e.hash.slice(0, 16)}…
                                  </Typography.Text>
                                </div>
                              )}
                              <Collapse
                                size="small"
                                ghost
                                items={[
                                  {
                                    key: 'data',
                                    label: '事件数据',
                                    children: (
                                      <JsonBlock
                                        value={{ data: e.data, metadata: e.metadata }}
                                        maxHeight={260}
                                      />
                                    ),
                                  },
                                ]}
                              />
                            </div>
                          ),
                        };
                      })}
                    />
                  )}
                </Card>
              </>
            )}
          </PageState>
        )}
      </Space>
    </>
  );
}
