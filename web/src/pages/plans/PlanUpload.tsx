import { Alert, Button, Select, Space, Typography } from 'antd';
import { useId, useMemo, useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '../../api';
import { useAuth } from '../../auth/auth';
import { FilePicker } from '../units/FilePicker';
import { postMultipart } from '../units/multipart';
import { useJurisdictionOrgs } from '../units/orgs';
import { yearOptions } from '../units/server-year';
import { PLAN_MAX_BYTES, type PlanSubmitted } from './types';

/** 上传培训方案: the stamped PDF of a year, for the user's own bureau or department (admins choose). */
export function PlanUpload({
  defaultYear,
  onUploaded,
}: {
  readonly defaultYear: number;
  readonly onUploaded: (result: PlanSubmitted) => void;
}) {
  const { user, hasRole } = useAuth();
  const admin = hasRole('admin');
  const orgs = useJurisdictionOrgs();
  const yearId = useId();
  const orgId = useId();
  const [year, setYear] = useState(defaultYear);
  const [org, setOrg] = useState<string | undefined>(admin ? undefined : user?.orgId);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const intent = useRef(newIdempotencyKey());

  const ownName = orgs.data?.find((o) => o.depth === 0)?.name;
  const orgOptions = useMemo(
    () =>
      (orgs.data ?? [])
        .filter((o) => o.kind === 'district' || o.kind === 'department')
        .map((o) => ({ value: o.id, label: o.name })),
    [orgs.data],
  );

  const upload = async () => {
    if (!file || !org) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('year', String(year));
    form.append('orgId', org);
    form.append('file', file, file.name);
    try {
      const result = await postMultipart<PlanSubmitted>('/api/v1/training-plans', form, {
        idempotencyKey: intent.current,
      });
      intent.current = newIdempotencyKey();
      setFile(null);
      onUploaded(result);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError('server', 0, String(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor={yearId}>方案年度</label>
        <Select
          id={yearId}
          value={year}
          options={yearOptions(defaultYear)}
          onChange={setYear}
          style={{ width: 110 }}
        />
        <label htmlFor={orgId}>报送单位</label>
        {admin ? (
          <Select
            id={orgId}
            value={org}
            onChange={setOrg}
            options={orgOptions}
            loading={orgs.loading}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择区市人社局或市直部门"
            style={{ width: 280 }}
          />
        ) : (
          <Typography.Text id={orgId}>{ownName ?? '本单位'}</Typography.Text>
        )}
      </Space>
      <FilePicker
        file={file}
        onChange={setFile}
        accept=".pdf,application/pdf"
        extensions={['.pdf']}
        typeName="盖章后的 PDF 文件"
        maxBytes={PLAN_MAX_BYTES}
        hint="请上传加盖公章后扫描或导出的 PDF"
        testId="plan-file"
      />
      <Button type="primary" disabled={!file || !org} loading={busy} onClick={() => void upload()}>
        上传并提交审核
      </Button>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title="上传未成功，未保存任何文件"
          description={error.message}
        />
      )}
    </Space>
  );
}
