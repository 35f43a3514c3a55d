import { Typography } from 'antd';
import { ROLE_LABELS, labelOf } from '../../api';
import { shortId } from '../../components/format';
import type { EventMetadata } from './types';

/** Who caused an event: role(s), organisation and user id as the metadata recorded them. */
export function EventActor({
  metadata,
  orgNames,
}: {
  readonly metadata: EventMetadata | null;
  readonly orgNames: ReadonlyMap<string, string>;
}) {
  const actor = metadata?.actor;
  if (!actor?.userId) return <Typography.Text type="secondary">系统</Typography.Text>;
  const roles = (actor.role ?? '')
    .split(',')
    .filter(Boolean)
    .map((r) => labelOf(ROLE_LABELS, r))
    .join('、');
  const org = actor.orgId ? (orgNames.get(actor.orgId) ?? shortId(actor.orgId)) : null;
  return (
    <span title={`用户 ${actor.userId}${actor.orgId ? `，机构 ${actor.orgId}` : ''}`}>
      {org && <>{org} </>}
      {roles && <>{roles} </>}
      <Typography.Text type="secondary">（用户 {shortId(actor.userId)}）</Typography.Text>
    </span>
  );
}
