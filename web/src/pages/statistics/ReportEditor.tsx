import { Alert, Button, InputNumber, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { type Draft, draftProblems, payloadRows } from './checks';
import { FORM_LABELS, type ReportRow, type StatisticsForm } from './forms';
import { StatisticsTable } from './StatisticsTable';

export interface ReportPayload {
  readonly fundingWan: number;
  readonly rows: readonly ReportRow[];
}

/**
 * 专项经费 / 投入经费 and the form's table, checked as the user types (after the first attempt to
 * submit, so an empty form does not open in red), the server's refusals put back on their cells.
 */
export function ReportEditor({
  form,
  initial,
  header,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  readonly form: StatisticsForm;
  readonly initial: Draft;
  /** 填报单位 and 年度, as the page shows them. */
  readonly header?: ReactNode;
  readonly submitLabel: string;
  readonly onSubmit: (payload: ReportPayload) => Promise<void>;
  readonly onCancel?: () => void;
}) {
  const labels = FORM_LABELS[form];
  const fundingId = useId();
  const [draft, setDraft] = useState<Draft>(initial);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [serverProblems, setServerProblems] = useState<ReadonlyMap<string, string>>(new Map());

  const outcome = useRef<HTMLDivElement>(null);
  // After a refused attempt: the first cell in error takes the focus (or, for a refusal about no
  // cell, the message does), so a keyboard user lands where the fix is.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt === 0) return;
    const cell = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (cell) {
      cell.focus();
      cell.scrollIntoView({ block: 'center' });
    } else {
      outcome.current?.focus();
      outcome.current?.scrollIntoView({ block: 'center' });
    }
  }, [attempt]);

  const clientProblems = useMemo(() => draftProblems(form, draft), [form, draft]);
  const shown = useMemo(() => {
    const map = new Map<string, string>(tried ? clientProblems.map((p) => [p.path, p.short]) : []);
    for (const [path, message] of serverProblems) if (!map.has(path)) map.set(path, message);
    return map;
  }, [clientProblems, serverProblems, tried]);

  const change = (next: Draft) => {
    setDraft(next);
    // A server refusal is about the figures sent; once they change, the client checks speak.
    if (serverProblems.size > 0) setServerProblems(new Map());
  };

  const submit = async () => {
    setTried(true);
    setRefusal(null);
    if (clientProblems.length > 0 || draft.fundingWan === null) {
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await onSubmit({ fundingWan: draft.fundingWan, rows: payloadRows(form, draft) });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('server', 0, String(error));
      setRefusal(apiError);
      setServerProblems(new Map(apiError.fieldErrors.map((e) => [e.field, e.message])));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const fundingProblem = shown.get('fundingWan');
  const listed = tried ? clientProblems : [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {header}
      <Space align="start" wrap>
        <label htmlFor={fundingId} style={{ lineHeight: '32px' }}>
          {labels.fundingHeader}
        </label>
        <div>
          <InputNumber
            id={fundingId}
            value={draft.fundingWan}
            onChange={(v) => change({ ...draft, fundingWan: typeof v === 'number' ? v : null })}
            status={fundingProblem ? 'error' : undefined}
            aria-invalid={fundingProblem ? true : undefined}
            style={{ width: 200 }}
            suffix="万元"
            placeholder="0.00"
          />
          {fundingProblem && (
            <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
              {fundingProblem}
            </Typography.Text>
          )}
        </div>
      </Space>
      <Typography.Text type="secondary">
        人数须为不小于 0 的整数，空白按 0 计；
        {form === 'major_strategy' ? '“其中：非公有制经济领域培训人数”不能多于总数；' : ''}
        金额单位为万元，最多两位小数。
      </Typography.Text>
      <StatisticsTable form={form} draft={draft} onChange={change} problems={shown} />
      <div ref={outcome} tabIndex={-1} aria-live="polite" style={{ outline: 'none' }}>
        {listed.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={`有 ${listed.length} 处需要修改`}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {listed.slice(0, 20).map((p) => (
                  <li key={p.path}>{p.full}</li>
                ))}
                {listed.length > 20 && <li>……等共 {listed.length} 处</li>}
              </ul>
            }
          />
        )}
        {refusal && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title="提交未成功"
            description={
              <>
                <div>{refusal.message}</div>
                {refusal.fieldErrors.length > 0 && <div>已在表中标出对应的单元格。</div>}
              </>
            }
          />
        )}
      </div>
      <Space>
        <Button type="primary" loading={busy} onClick={() => void submit()}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>取消</Button>}
      </Space>
    </Space>
  );
}
