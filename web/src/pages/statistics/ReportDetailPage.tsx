import { App, Button, Card, Descriptions, Popconfirm, Space } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, newIdempotencyKey, useQuery } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { StepsTimeline } from '../../components/StepsTimeline';
import { ClaimStatusTag } from '../../components/Tags';
import { useFailureMessage } from '../../components/notify';
import { NotYetAvailable, isMissingEndpoint } from '../units/pending';
import { draftFromRows } from './checks';
import { FORM_LABELS, type ReportView } from './forms';
import { ReportEditor, type ReportPayload } from './ReportEditor';
import { StatisticsTable } from './StatisticsTable';

/** One statistics report: the form as filed, its approval, and withdraw / amend-and-resubmit. */
export default function ReportDetailPage() {
  const { reportId = '' } = useParams();
  const [params] = useSearchParams();
  const { user, hasRole } = useAuth();
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const intent = useRef(newIdempotencyKey());
  const path = `/api/v1/statistics-reports/${encodeURIComponent(reportId)}`;
  const q = useQuery(`statistics-report:${reportId}`, (signal, after) =>
    api.get<ReportView>(path, { signal, after: after ?? params.get('after') }),
  );
  const draft = useMemo(
    () => (q.data ? draftFromRows(q.data.form, q.data.rows, q.data.fundingWan) : null),
    [q.data],
  );

  const act = async (action: 'withdraw' | 'urge', done: string) => {
    setBusy(action);
    try {
      const result = await api.post<{ position?: string }>(
        `${path}/${action}`,
        {},
        {
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        },
      );
      void message.success(done);
      q.reload(result.position ?? null);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const resubmit = async (payload: ReportPayload) => {
    const result = await api.post<{ position?: string }>(`${path}/resubmit`, payload, {
      headers: { 'Idempotency-Key': intent.current },
    });
    intent.current = newIdempotencyKey();
    setEditing(false);
    void message.success('已修改并重新提交审核');
    q.reload(result.position ?? null);
  };

  if (isMissingEndpoint(q.error)) {
    return (
      <>
        <PageHeader title="统计表详情" />
        <NotYetAvailable what="统计报表" />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="统计表详情"
        extra={
          <Space>
            {hasRole('auditor', 'admin') && (
              <Link to={`/audit/streams?streamId=${encodeURIComponent(`statistics-report-${reportId}`)}`}>
                审计追溯
              </Link>
            )}
            <Link to="/statistics/reports">返回列表</Link>
          </Space>
        }
      />
      <PageState loading={q.loading} error={q.error} data={q.data} onRetry={() => q.reload()}>
        {(r) => {
          const labels = FORM_LABELS[r.form];
          const mine = r.submittedBy === user?.id;
          return (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card
                title={
                  <Space wrap>
                    <span>
                      {labels.attachment} {labels.title}（{r.year}年度）
                    </span>
                    <ClaimStatusTag status={r.status} />
                  </Space>
                }
                extra={
                  mine && (
                    <Space>
                      {r.status === 'in_review' && (
                        <>
                          <Button loading={busy === 'urge'} onClick={() => void act('urge', '已催办')}>
                            催办
                          </Button>
                          <Popconfirm
                            title="撤回该统计表？"
                            okText="撤回"
                            cancelText="取消"
                            onConfirm={() => act('withdraw', '已撤回')}
                          >
                            <Button danger loading={busy === 'withdraw'}>
                              撤回
                            </Button>
                          </Popconfirm>
                        </>
                      )}
                      {r.status === 'returned' && !editing && (
                        <Button type="primary" onClick={() => setEditing(true)}>
                          修改后重新提交
                        </Button>
                      )}
                    </Space>
                  )
                }
              >
                {editing && draft ? (
                  <ReportEditor
                    form={r.form}
                    initial={draft}
                    submitLabel="重新提交审核"
                    onSubmit={resubmit}
                    onCancel={() => setEditing(false)}
                  />
                ) : (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Descriptions
                      size="small"
                      column={{ xs: 1, md: 3 }}
                      items={[
                        { key: 'org', label: '填报单位', children: r.orgName },
                        { key: 'year', label: '年度', children: `${r.year}年` },
                        { key: 'funding', label: labels.fundingHeader, children: r.fundingWan.toFixed(2) },
                      ]}
                    />
                    {draft && <StatisticsTable form={r.form} draft={draft} />}
                  </Space>
                )}
              </Card>
              <Card title="审核进度">
                <StepsTimeline steps={r.steps} />
              </Card>
            </Space>
          );
        }}
      </PageState>
    </>
  );
}
