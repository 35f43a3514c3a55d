import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { api, useQuery } from '../../api';
import type { Notice } from './types';

/**
 * The unread-notice count as a bell linking to 通知与截止日期, refreshed every minute. For the shell's
 * header (AppLayout), which this area does not edit.
 */
export function NoticeBell() {
  const q = useQuery('notices:unread-count', (signal) =>
    api.get<readonly Notice[]>('/api/v1/notices', { query: { unread: true }, signal }),
  );
  const { reload } = q;
  useEffect(() => {
    const timer = window.setInterval(() => reload(), 60_000);
    return () => window.clearInterval(timer);
  }, [reload]);
  const unread = q.data?.length ?? 0;
  return (
    <Link to="/notices" aria-label={unread > 0 ? `通知，${unread} 条未读` : '通知'}>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button type="text" icon={<BellOutlined />} tabIndex={-1} aria-hidden />
      </Badge>
    </Link>
  );
}
