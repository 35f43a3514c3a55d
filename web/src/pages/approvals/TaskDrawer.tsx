import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  ApiError,
  api,
  LEVEL_LABELS,
  labelOf,
  newIdempotencyKey,
  SUBJECT_TYPE_LABELS,
  type Task,
  type TaskOutcome,
  useQuery,
} from '../../api';
import { useAuth } from '../../auth/auth';
import { AuditTrail } from '../../components/AuditTrail';
import { formatDateTime, shortId } from '../../components/format';
import { ErrorState } from '../../components/PageState';
import { StepsTimeline } from '../../components/StepsTimeline';
import { OverdueTag } from '../../components/Tags';
import { useFailureMessage } from '../../components/notify';
import { SUBJECT_VIEWS, streamOfTask } from './subject-views';

type Dialog = 'return' | 'reject' | 'transfer' | null;

interface TaskDrawerProps {
  readonly task: Task | null;
  readonly now: number;
  onClose(): void;
  /** A command changed the task: refresh the inbox after this position; `gone`: it left the inbox. */
  onChanged(position: string | undefined, gone: boolean): void;
}

interface OrgUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}

/** Whom to transfer to: the other staff accounts of the task's organisation. */
function TransferField({ orgId, selfId }: { readonly orgId: string | null; readonly selfId: string | null }) {
  const users = useQuery(orgId ? `org-users:${orgId}` : null, (signal) =>
    api.get<{ items: OrgUser[] }>('/api/v1/users', { query: { orgId: orgId ?? '' }, signal }),
  );
  const options = (users.data?.items ?? [])
    .filter((u) => u.id !== selfId)
    .map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
  return (
    <Form.Item
      label="转办给"
      name="toUserId"
      extra={users.error ? users.error.message : '只能转办给本单位的其他审核人员'}
      rules={[{ required: true, message: '请选择接收人' }]}
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        loading={users.loading}
        options={options}
        placeholder="选择本单位用户"
        notFoundContent={users.loading ? '加载中…' : '本单位没有其他可转办的用户'}
      />
    </Form.Item>
  );
}

function SubjectPanel({ task }: { readonly task: Task }) {
  const view = SUBJECT_VIEWS[task.subjectType] ?? SUBJECT_VIEWS.training_project;
  const path = view.path(task.subjectId);
  const subject = useQuery(path ? `subject:${task.id}` : null, (signal) =>
    api.get<Record<string, unknown>>(path ?? '', { signal }),
  );
  if (!path) return <Typography.Text type="secondary">此类事项暂无详情页面。</Typography.Text>;
  if (subject.error) return <ErrorState error={subject.error} onRetry={() => subject.reload()} />;
  if (!subject.data) return <Spin description="加载事项详情…" />;
  const detail = view.render(subject.data);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {detail.body}
      <Card size="small" title="审批记录">
        <StepsTimeline steps={detail.steps} />
      </Card>
    </Space>
  );
}

/** The task beside the inbox: the subject, its history, and the approver's actions. */
export function TaskDrawer({ task, now, onClose, onChanged }: TaskDrawerProps) {
  const { user, hasRole } = useAuth();
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogForm] = Form.useForm<{ reason?: string; to?: 'applicant' | 'previous'; toUserId?: string }>();

  if (!task) return <Drawer open={false} onClose={onClose} />;
  const mine = task.claimedBy !== null && task.claimedBy === user?.id;
  const claimedByOther = task.claimedBy !== null && !mine;
  const mayDecide =
    !hasRole('auditor') ||
    hasRole('unit_admin', 'department_reviewer', 'district_reviewer', 'city_reviewer', 'base_operator');

  const run = async (action: string, body: object, done: string, gone: boolean) => {
    setBusy(action);
    try {
      const result = await api.post<TaskOutcome>(
        `/api/v1/tasks/${encodeURIComponent(task.id)}/${action}`,
        body,
        {
          headers: { 'Idempotency-Key': newIdempotencyKey() },
        },
      );
      void message.success(done);
      setDialog(null);
      setComment('');
      dialogForm.resetFields();
      onChanged(result.position, gone);
    } catch (error) {
      fail(error);
      // 409: someone else decided or claimed it meanwhile — show the inbox as it is now.
      if (error instanceof ApiError && (error.kind === 'conflict' || error.kind === 'not_found'))
        onChanged(undefined, true);
    } finally {
      setBusy(null);
    }
  };

  const submitDialog = async () => {
    const values = await dialogForm.validateFields();
    if (dialog === 'return') {
      await run('return', { reason: values.reason?.trim(), to: values.to ?? 'applicant' }, '已退回', true);
    } else if (dialog === 'reject') {
      await run('reject', { reason: values.reason?.trim() }, '已作出不通过决定', true);
    } else if (dialog === 'transfer') {
      await run('transfer', { toUserId: values.toUserId }, '已转办', true);
    }
  };

  const tabs = [
    { key: 'detail', label: '事项详情', children: <SubjectPanel task={task} /> },
    ...(hasRole('auditor', 'admin')
      ? [{ key: 'audit', label: '审计记录', children: <AuditTrail streamId={streamOfTask(task.id)} /> }]
      : []),
  ];

  return (
    <Drawer
      open
      size={640}
      title={`${labelOf(SUBJECT_TYPE_LABELS, task.subjectType)}：${task.summary}`}
      onClose={onClose}
      destroyOnHidden
      footer={
        mayDecide ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <label htmlFor="approve-comment">审批意见（可选）</label>
            <Input.TextArea
              id="approve-comment"
              rows={2}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <Space wrap>
              <Button
                type="primary"
                loading={busy === 'approve'}
                disabled={claimedByOther}
                onClick={() =>
                  void run('approve', comment.trim() ? { comment: comment.trim() } : {}, '已审批通过', true)
                }
              >
                通过
              </Button>
              <Button disabled={claimedByOther} onClick={() => setDialog('return')}>
                退回
              </Button>
              <Button danger disabled={claimedByOther} onClick={() => setDialog('reject')}>
                不通过
              </Button>
              {task.status === 'open' ? (
                <Button loading={busy === 'claim'} onClick={() => void run('claim', {}, '已认领', false)}>
                  认领
                </Button>
              ) : (
                mine && (
                  <Button
                    loading={busy === 'release'}
                    onClick={() => void run('release', {}, '已释放', false)}
                  >
                    释放
                  </Button>
                )
              )}
              <Button disabled={claimedByOther} onClick={() => setDialog('transfer')}>
                转办
              </Button>
            </Space>
          </Space>
        ) : (
          <Typography.Text type="secondary">审计员只读，不能办理。</Typography.Text>
        )
      }
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="审批层级">{labelOf(LEVEL_LABELS, task.level)}</Descriptions.Item>
        <Descriptions.Item label="申请人">{task.applicantName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="截止时间">
          <Space size={4}>
            {formatDateTime(task.dueAt)}
            <OverdueTag dueAt={task.dueAt} now={now} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="状态">
          {task.status === 'claimed' ? (
            <Tag color="gold">{mine ? '我已认领' : `已被 ${shortId(task.claimedBy ?? '')} 认领`}</Tag>
          ) : (
            <Tag color="blue">待认领</Tag>
          )}
        </Descriptions.Item>
        {(task.urgedCount ?? 0) > 0 && (
          <Descriptions.Item label="催办">
            <Tag color="volcano">已催办 {task.urgedCount} 次</Tag>
          </Descriptions.Item>
        )}
      </Descriptions>
      {claimedByOther && (
        <Alert
          type="info"
          showIcon
          title="此事项已被他人认领，待其释放后才能办理。"
          style={{ marginBottom: 16 }}
        />
      )}
      <Tabs items={tabs} />
      <Modal
        open={dialog !== null}
        title={dialog === 'return' ? '退回' : dialog === 'reject' ? '不通过' : '转办'}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy !== null}
        onOk={() => void submitDialog().catch(() => undefined)}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={dialogForm} layout="vertical" initialValues={{ to: 'applicant' }} preserve={false}>
          {dialog === 'return' && (
            <Form.Item label="退回给" name="to">
              <Radio.Group
                options={[
                  { value: 'applicant', label: '申请人' },
                  { value: 'previous', label: '上一级审核' },
                ]}
              />
            </Form.Item>
          )}
          {(dialog === 'return' || dialog === 'reject') && (
            <Form.Item
              label={dialog === 'return' ? '退回原因' : '不通过原因'}
              name="reason"
              rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {dialog === 'transfer' && <TransferField orgId={task?.orgId ?? null} selfId={user?.id ?? null} />}
        </Form>
      </Modal>
    </Drawer>
  );
}
