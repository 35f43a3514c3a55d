import { App, Button, Card, Descriptions, Popconfirm, Space, Typography, Alert } from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api, newIdempotencyKey, useQuery } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { StepsTimeline } from '../../components/StepsTimeline';
import { ClaimStatusTag } from '../../components/Tags';
import { useFailureMessage } from '../../components/notify';
import { FilePicker } from '../units/FilePicker';
import { PDF, useDownload } from '../units/download';
import { postMultipart, readableSize } from '../units/multipart';
import { NotYetAvailable, isMissingEndpoint } from '../units/pending';
import { PLAN_MAX_BYTES, type PlanView } from './types';

/** One training plan: its file (with the SHA-256 on record), its approval steps, withdraw / resubmit. */
export default function PlanDetailPage() {
  const { planId = '' } = useParams();
  const [params] = useSearchParams();
  const { user, hasRole } = useAuth();
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const download = useDownload();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const intent = useRef(newIdempotencyKey());
  const path = `/api/v1/training-plans/${encodeURIComponent(planId)}`;
  const q = useQuery(`plan:${planId}`, (signal, after) =>
    api.get<PlanView>(path, { signal, after: after ?? params.get('after') }),
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

  const resubmit = async () => {
    if (!file) return;
    setBusy('resubmit');
    setUploadError(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const result = await postMultipart<{ position?: string }>(`${path}/resubmit`, form, {
        idempotencyKey: intent.current,
      });
      intent.current = newIdempotencyKey();
      setFile(null);
      void message.success('已上传修改后的方案并重新提交审核');
      q.reload(result.position ?? null);
    } catch (error) {
      setUploadError(error instanceof ApiError ? error : new ApiError('server', 0, String(error)));
    } finally {
      setBusy(null);
    }
  };

  if (isMissingEndpoint(q.error)) {
    return (
      <>
        <PageHeader title="培训方案详情" />
        <NotYetAvailable what="培训方案" />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="培训方案详情"
        extra={
          <Space>
            {hasRole('auditor', 'admin') && (
              <Link to={`/audit/streams?streamId=${encodeURIComponent(`training-plan-${planId}`)}`}>
                审计追溯
              </Link>
            )}
            <Link to="/plans">返回列表</Link>
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
                  <Space>
                    <span>
                      {p.orgName} {p.year}年度培训方案
                    </span>
                    <ClaimStatusTag status={p.status} />
                  </Space>
                }
                extra={
                  mine &&
                  p.status === 'in_review' && (
                    <Space>
                      <Button loading={busy === 'urge'} onClick={() => void act('urge', '已催办')}>
                        催办
                      </Button>
                      <Popconfirm
                        title="撤回该培训方案？"
                        okText="撤回"
                        cancelText="取消"
                        onConfirm={() => act('withdraw', '已撤回')}
                      >
                        <Button danger loading={busy === 'withdraw'}>
                          撤回
                        </Button>
                      </Popconfirm>
                    </Space>
                  )
                }
              >
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'file',
                      label: '文件',
                      children: (
                        <Button
                          type="link"
                          style={{ padding: 0 }}
                          loading={download.busy}
                          onClick={() => download.run(`${path}/file`, PDF, p.fileName)}
                        >
                          {p.fileName}（{readableSize(p.size)}）
                        </Button>
                      ),
                    },
                    {
                      key: 'sha',
                      label: 'SHA-256',
                      children: (
                        <Typography.Text code copyable>
                          {p.sha256}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              </Card>
              {mine && p.status === 'returned' && (
                <Card title="上传修改后的方案">
                  <FilePicker
                    file={file}
                    onChange={setFile}
                    accept=".pdf,application/pdf"
                    extensions={['.pdf']}
                    typeName="盖章后的 PDF 文件"
                    maxBytes={PLAN_MAX_BYTES}
                  />
                  <Button
                    type="primary"
                    style={{ marginTop: 12 }}
                    disabled={!file}
                    loading={busy === 'resubmit'}
                    onClick={() => void resubmit()}
                  >
                    重新提交审核
                  </Button>
                  {uploadError && (
                    <Alert
                      type="error"
                      showIcon
                      role="alert"
                      style={{ marginTop: 12 }}
                      title="上传未成功"
                      description={uploadError.message}
                    />
                  )}
                </Card>
              )}
              <Card title="审核进度">
                <StepsTimeline steps={p.steps} />
              </Card>
            </Space>
          );
        }}
      </PageState>
    </>
  );
}
