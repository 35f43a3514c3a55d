import { Modal, Table, Tag } from 'antd';
import type { BatchResult, Task } from '../../api';

/** Chinese text of the codes a batch item can fail with. */
const CODE_TEXT: Record<string, string> = {
  'APPROVAL.SEPARATION_OF_DUTIES': '不能审批本人提交的事项，也不能审批同一流程的两个环节',
  'APPROVAL.TASK_NOT_OPEN': '该待办已被处理',
  'APPROVAL.NOT_IN_REVIEW': '该事项已不在审核中',
  'APPROVAL.TASK_CLAIMED_BY_OTHER': '已被他人认领',
  'APPROVAL.NOT_YOUR_ORGANISATION': '不属于本单位的待办',
  'APPROVAL.ROLE_REQUIRED': '当前角色无权办理',
  'TASK.NOT_FOUND': '待办不存在',
};

export function codeText(code: string | undefined): string {
  if (!code) return '失败';
  return CODE_TEXT[code] ?? code;
}

export interface BatchOutcome {
  readonly results: BatchResult['results'];
  /** The tasks as they were when the batch was sent, for their names. */
  readonly tasks: ReadonlyMap<string, Task>;
}

/** Per-item results of a batch approval. */
export function BatchResults({
  outcome,
  onClose,
}: {
  readonly outcome: BatchOutcome | null;
  onClose(): void;
}) {
  const ok = outcome?.results.filter((r) => r.ok).length ?? 0;
  const failed = (outcome?.results.length ?? 0) - ok;
  return (
    <Modal
      open={outcome !== null}
      title={`批量审批结果：成功 ${ok} 项，失败 ${failed} 项`}
      onOk={onClose}
      onCancel={onClose}
      okText="知道了"
      cancelButtonProps={{ style: { display: 'none' } }}
      width={720}
    >
      <Table
        data-testid="batch-results"
        size="small"
        rowKey="taskId"
        pagination={false}
        scroll={{ y: 400 }}
        dataSource={outcome?.results ?? []}
        columns={[
          {
            title: '事项',
            key: 'summary',
            render: (_, r) => outcome?.tasks.get(r.taskId)?.summary ?? r.taskId,
          },
          {
            title: '申请人',
            key: 'applicant',
            width: 100,
            render: (_, r) => outcome?.tasks.get(r.taskId)?.applicantName ?? '—',
          },
          {
            title: '结果',
            key: 'ok',
            width: 280,
            render: (_, r) =>
              r.ok ? (
                <Tag color="success">成功</Tag>
              ) : (
                <Tag color="error" style={{ whiteSpace: 'normal' }}>
                  失败：{codeText(r.code)}
                </Tag>
              ),
          },
        ]}
      />
    </Modal>
  );
}
