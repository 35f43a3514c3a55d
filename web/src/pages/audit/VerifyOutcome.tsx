import { Alert } from 'antd';
import { Link } from 'react-router';
import type { VerifyResult } from './types';

/** ok, or where the chain first breaks (with a link to that record). */
export function VerifyOutcome({ result }: { readonly result: VerifyResult }) {
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        role="status"
        data-testid="verify-result"
        title="哈希链完整，未发现篡改"
        description={`已校验 ${result.checkedEvents} 个事件${
          result.checkedCheckpoints ? `、${result.checkedCheckpoints} 个检查点` : ''
        }。`}
      />
    );
  }
  const broken = result.firstBroken;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="verify-result"
      title="哈希链校验未通过：记录可能被改动"
      description={
        <>
          <div>已校验 {result.checkedEvents} 个事件。</div>
          {broken && (
            <div>
              最早断开处：
              <Link to={`/audit/streams?streamId=${encodeURIComponent(broken.streamId)}`}>
                {broken.streamId}
              </Link>
              ，版本号 {broken.revision}
              {broken.reason ? `（${broken.reason}）` : ''}
            </div>
          )}
          {result.checkpointProblem?.reason && <div>检查点问题：{result.checkpointProblem.reason}</div>}
        </>
      }
    />
  );
}
