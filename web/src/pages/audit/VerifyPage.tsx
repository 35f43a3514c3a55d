import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/PageState';
import type { VerifyResult } from './types';
import { VerifyOutcome } from './VerifyOutcome';

/** 哈希链校验: every event's hash against its predecessor's, and the signed checkpoints. */
export default function VerifyPage() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.post<VerifyResult>('/api/v1/audit/verify', {}));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError('server', 0, String(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="哈希链校验" />
      <Card>
        <Typography.Paragraph>
          每个事件写入时都记录了与前一事件相连的哈希值，并定期生成签名检查点。校验会重新计算全部事件的哈希，发现任何改动、删除或插入即报告最早断开的位置。
          事件较多时需要一些时间。单条记录可在“记录追溯”中校验。
        </Typography.Paragraph>
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={busy}
          onClick={() => void verify()}
        >
          {busy ? '正在校验…' : '校验全部记录'}
        </Button>
        <div style={{ marginTop: 16 }} aria-live="polite">
          {result && <VerifyOutcome result={result} />}
          {error && <ErrorState error={error} onRetry={() => void verify()} />}
        </div>
      </Card>
    </>
  );
}
