import { Collapse, Empty, Spin, Typography } from 'antd';
import { api, type StreamHistory, useQuery } from '../api';
import { formatDateTime, shortId } from './format';
import { ErrorState } from './PageState';

/**
 * Every event of one stream (GET /api/v1/audit/streams/{id}), for auditors and admins: who did
 * what, when, and why. Reading it is itself recorded by the server.
 */
export function AuditTrail({ streamId }: { readonly streamId: string }) {
  const history = useQuery(`audit:${streamId}`, (signal) =>
    api.get<StreamHistory>(`/api/v1/audit/streams/${encodeURIComponent(streamId)}`, { signal }),
  );
  if (history.error) return <ErrorState error={history.error} onRetry={() => history.reload()} />;
  if (!history.data) return <Spin description="加载审计记录…" />;
  if (history.data.events.length === 0) return <Empty description="没有事件" />;
  return (
    <Collapse
      size="small"
      items={history.data.events.map((event) => {
        const actor = event.metadata?.actor;
        return {
          key: String(event.revision),
          label: (
            <span>
              <Typography.Text code>{event.type}</Typography.Text>{' '}
              {formatDateTime(event.metadata?.now ?? event.recordedAt)}
              {actor?.userId && (
                <Typography.Text type="secondary" title={actor.userId}>
                  {' '}
                  操作人 {shortId(actor.userId)}
                  {actor.role ? `（${actor.role}）` : ''}
                </Typography.Text>
              )}
            </span>
          ),
          children: (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>
              {JSON.stringify({ data: event.data, metadata: event.metadata }, null, 2)}
            </pre>
          ),
        };
      })}
    />
  );
}
