import { App, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, newIdempotencyKey, useQuery } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { StepsTimeline } from '../../components/StepsTimeline';
import { ClaimStatusTag } from '../../components/Tags';
import { formatDate, formatHours } from '../../components/format';
import { useFailureMessage } from '../../components/notify';
import { PROJECT_SOURCE_LABELS } from '../units/labels';
import { periodText } from './format';
import { ProjectForm } from './ProjectForm';
import type { ProjectInput, ProjectView } from './types';

/** One training project: its 附件1 fields, where it is in the approval chain, and what its submitter may do. */
export default function ProjectDetailPage() {
  const { projectId = '' } = useParams();
  const [params] = useSearchParams();
  const { user, hasRole } = useAuth();
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const intent = useRef(newIdempotencyKey());
  const q = useQuery(`project:${projectId}`, (signal, after) =>
    api.get<ProjectView>(`/api/v1/training-projects/${encodeURIComponent(projectId)}`, {
      signal,
      after: after ?? params.get('after'),
    }),
  );

  const act = async (action: 'withdraw' | 'urge', done: string) => {
    setBusy(action);
    try {
      const result = await api.post<{ position?: string }>(
        `/api/v1/training-projects/${encodeURIComponent(projectId)}/${action}`,
        {},
        { headers: { 'Idempotency-Key': newIdempotencyKey() } },
      );
      void message.success(done);
      q.reload(result.position ?? null);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const resubmit = async (input: ProjectInput) => {
    const { organizerOrgId: _organizer, cityWide: _cityWide, ...changes } = input;
    const result = await api.post<{ position?: string }>(
      `/api/v1/training-projects/${encodeURIComponent(projectId)}/resubmit`,
      changes,
      { headers: { 'Idempotency-Key': intent.current } },
    );
    intent.current = newIdempotencyKey();
    setEditing(false);
    void message.success('已修改并重新提交审核');
    q.reload(result.position ?? null);
  };

  return (
    <>
      <PageHeader
        title="培训项目详情"
        extra={
          <Space>
            {hasRole('auditor', 'admin') && (
              <Link to={`/audit/streams?streamId=${encodeURIComponent(`training-project-${projectId}`)}`}>
                审计追溯
              </Link>
            )}
            <Link to="/projects">返回列表</Link>
          </Space>
        }
      />
      <PageState loading={q.loading} error={q.error} data={q.data} onRetry={() => q.reload()}>
        {(p) => {
          const mine = p.submittedBy === user?.id;
          return (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card
                title={
                  <Space wrap>
                    <span>{p.name}</span>
                    <ClaimStatusTag status={p.status} />
                    {p.cityWide && <Tag color="purple">面向全市</Tag>}
                  </Space>
                }
                extra={
                  mine && (
                    <Space>
                      {p.status === 'in_review' && (
                        <>
                          <Button loading={busy === 'urge'} onClick={() => void act('urge', '已催办')}>
                            催办
                          </Button>
                          <Popconfirm
                            title="撤回该培训项目？"
                            description="撤回后审核终止，可重新申报。"
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
                      {p.status === 'returned' && !editing && (
                        <Button type="primary" onClick={() => setEditing(true)}>
                          修改后重新提交
                        </Button>
                      )}
                    </Space>
                  )
                }
              >
                {editing ? (
                  <ProjectForm
                    mode="resubmit"
                    initial={p}
                    defaultYear={p.year}
                    submitLabel="重新提交审核"
                    onSubmit={resubmit}
                    onCancel={() => setEditing(false)}
                  />
                ) : (
                  <Descriptions
                    column={{ xs: 1, md: 2 }}
                    bordered
                    size="small"
                    items={[
                      { key: 'organizer', label: '承办单位', children: p.organizerName },
                      { key: 'year', label: '目录年度', children: `${p.year}年` },
                      { key: 'hours', label: '学时', children: formatHours(p.hours) },
                      {
                        key: 'period',
                        label: '培训时间',
                        children: periodText(formatDate(p.startDate), formatDate(p.endDate)),
                      },
                      { key: 'place', label: '培训地点', children: p.place },
                      { key: 'audience', label: '培训对象', children: p.audience },
                      { key: 'contact', label: '联系人及电话', children: p.contact },
                      { key: 'cityWide', label: '是否面向全市', children: p.cityWide ? '是' : '否' },
                      { key: 'source', label: '来源', children: PROJECT_SOURCE_LABELS[p.source] ?? p.source },
                    ]}
                  />
                )}
              </Card>
              <Card title="审核进度">
                <StepsTimeline steps={p.steps} />
                {p.status === 'returned' && (
                  <Typography.Paragraph type="warning">
                    该项目已被退回，请根据审核意见修改后重新提交。
                  </Typography.Paragraph>
                )}
              </Card>
            </Space>
          );
        }}
      </PageState>
    </>
  );
}
