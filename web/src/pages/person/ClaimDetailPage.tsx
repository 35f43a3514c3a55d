import { Alert, App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  type ApiError,
  api,
  type ClaimView,
  type CommandResult,
  KIND_LABELS,
  labelOf,
  newIdempotencyKey,
  SUBJECT_LABELS,
  useQuery,
} from '../../api';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorText, PageState } from '../../components/PageState';
import { StepsTimeline } from '../../components/StepsTimeline';
import { ClaimStatusTag } from '../../components/Tags';
import { useFailureMessage } from '../../components/notify';
import { ClaimForm, type ClaimFormValues, fromClaimFields, toClaimFields } from './ClaimForm';
import { KIND_FORMS } from './claim-kinds';
import { personQuery, usePersonChoice } from './person-context';

/** One claim: its fields, its steps, and what the applicant may do now (withdraw, urge, correct). */
export default function ClaimDetailPage() {
  const { claimId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const choice = usePersonChoice();
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const initialAfter = (location.state as { after?: string } | null)?.after ?? null;
  const claim = useQuery(`claim:${claimId}`, (signal, after) =>
    api.get<ClaimView>(`/api/v1/hour-claims/${claimId}`, { signal, after: after ?? initialAfter }),
  );
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [resubmitError, setResubmitError] = useState<ApiError | null>(null);
  const resubmitKey = useRef(newIdempotencyKey());

  const act = async (action: 'withdraw' | 'urge', done: string) => {
    setBusy(action);
    try {
      const result = await api.post<CommandResult>(
        `/api/v1/hour-claims/${claimId}/${action}`,
        {},
        {
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        },
      );
      void message.success(done);
      claim.reload(result.position);
    } catch (error) {
      fail(error);
      claim.reload();
    } finally {
      setBusy(null);
    }
  };

  const resubmit = async (values: ClaimFormValues) => {
    setBusy('resubmit');
    setResubmitError(null);
    try {
      const result = await api.post<CommandResult>(
        `/api/v1/hour-claims/${claimId}/resubmit`,
        toClaimFields(values),
        {
          headers: { 'Idempotency-Key': resubmitKey.current },
        },
      );
      resubmitKey.current = newIdempotencyKey();
      void message.success('已重新提交，等待审核');
      setEditing(false);
      claim.reload(result.position);
    } catch (error) {
      setResubmitError(error as ApiError);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader
        title="登记详情"
        extra={
          <Button onClick={() => void navigate(`/my/claims${personQuery(choice)}`)}>返回我的登记</Button>
        }
      />
      <PageState loading={claim.loading} error={claim.error} data={claim.data} onRetry={() => claim.reload()}>
        {(c) => {
          const spec = KIND_FORMS[c.kind] ?? KIND_FORMS.other;
          const returned = [...c.steps].reverse().find((s) => s.decision === 'returned');
          const rejected = c.steps.find((s) => s.decision === 'rejected');
          return (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={14}>
                <Card
                  title={c.title}
                  extra={<ClaimStatusTag status={c.status} />}
                  actions={
                    c.status === 'in_review' || (c.status === 'returned' && !editing)
                      ? [
                          c.status === 'in_review' && (
                            <Popconfirm
                              key="withdraw"
                              title="撤回这条学时登记？"
                              description="已有审核人作出决定后不能撤回。"
                              okText="撤回"
                              cancelText="取消"
                              onConfirm={() => act('withdraw', '已撤回')}
                            >
                              <Button danger loading={busy === 'withdraw'}>
                                撤回
                              </Button>
                            </Popconfirm>
                          ),
                          c.status === 'in_review' && (
                            <Button
                              key="urge"
                              loading={busy === 'urge'}
                              onClick={() => void act('urge', '已催办')}
                            >
                              催办
                            </Button>
                          ),
                          c.status === 'returned' && (
                            <Button key="edit" type="primary" onClick={() => setEditing(true)}>
                              修改并重新提交
                            </Button>
                          ),
                        ].filter(Boolean)
                      : undefined
                  }
                >
                  {c.status === 'returned' && returned?.comment && (
                    <Alert
                      type="warning"
                      showIcon
                      title="已退回"
                      description={`退回原因：${returned.comment}`}
                      style={{ marginBottom: 16 }}
                      data-testid="return-reason"
                    />
                  )}
                  {c.status === 'rejected' && rejected?.comment && (
                    <Alert
                      type="error"
                      showIcon
                      title={`未通过：${rejected.comment}`}
                      style={{ marginBottom: 16 }}
                    />
                  )}
                  {c.revoked?.reason && (
                    <Alert
                      type="error"
                      showIcon
                      title={`已撤销：${c.revoked.reason}`}
                      style={{ marginBottom: 16 }}
                    />
                  )}
                  <Descriptions column={1} size="small" bordered>
                    {c.applicantName && <Descriptions.Item label="姓名">{c.applicantName}</Descriptions.Item>}
                    <Descriptions.Item label="科目类别">
                      {labelOf(SUBJECT_LABELS, c.subject)}
                    </Descriptions.Item>
                    <Descriptions.Item label="登记类型">{labelOf(KIND_LABELS, c.kind)}</Descriptions.Item>
                    <Descriptions.Item label={spec.title}>{c.title}</Descriptions.Item>
                    {spec.organizer && (
                      <Descriptions.Item label={spec.organizer}>{c.organizer ?? '—'}</Descriptions.Item>
                    )}
                    <Descriptions.Item label={spec.dates.label}>
                      {c.startDate === c.endDate
                        ? formatDate(c.endDate)
                        : `${formatDate(c.startDate)} 至 ${formatDate(c.endDate)}`}
                    </Descriptions.Item>
                    {spec.place && <Descriptions.Item label={spec.place}>{c.place ?? '—'}</Descriptions.Item>}
                    {spec.studyType && c.studyType && (
                      <Descriptions.Item label={spec.studyType}>{c.studyType}</Descriptions.Item>
                    )}
                    {spec.assessment && c.assessment && (
                      <Descriptions.Item label={spec.assessment}>{c.assessment}</Descriptions.Item>
                    )}
                    {spec.achievementType && c.achievementType && (
                      <Descriptions.Item label={spec.achievementType}>{c.achievementType}</Descriptions.Item>
                    )}
                    {spec.achievementLevel && c.achievementLevel && (
                      <Descriptions.Item label={spec.achievementLevel}>
                        {c.achievementLevel}
                      </Descriptions.Item>
                    )}
                    <Descriptions.Item label="学时">{c.hours}</Descriptions.Item>
                    <Descriptions.Item label="证书编号">{c.certificateNo ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label="年度">
                      <Space>
                        {c.year}
                        {c.makeUp && <Tag color="purple">补学</Tag>}
                      </Space>
                    </Descriptions.Item>
                  </Descriptions>
                </Card>
                {editing && (
                  <Card title="修改并重新提交" style={{ marginTop: 16 }}>
                    {resubmitError && (
                      <Alert
                        type="error"
                        showIcon
                        role="alert"
                        title="重新提交未成功"
                        description={<ErrorText error={resubmitError} />}
                        style={{ marginBottom: 16 }}
                      />
                    )}
                    <ClaimForm
                      initial={fromClaimFields(c)}
                      submitLabel="重新提交"
                      submitting={busy === 'resubmit'}
                      error={resubmitError}
                      onSubmit={(values) => void resubmit(values)}
                      onCancel={() => setEditing(false)}
                    />
                  </Card>
                )}
              </Col>
              <Col xs={24} lg={10}>
                <Card title="审批进度">
                  <StepsTimeline steps={c.steps} />
                </Card>
              </Col>
            </Row>
          );
        }}
      </PageState>
    </>
  );
}
