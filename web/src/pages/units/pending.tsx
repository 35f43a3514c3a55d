import { Result } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../../api';
import { ErrorState } from '../../components/PageState';

/**
 * An endpoint this build of the server does not have yet (Nest's own 404 for an unknown route, code
 * REQUEST.NOT_FOUND), as opposed to a record that is not there or not visible (a domain code).
 */
export function isMissingEndpoint(error: ApiError | null | undefined): boolean {
  return error?.status === 404 && (error.code === undefined || error.code === 'REQUEST.NOT_FOUND');
}

/** What a page shows when the server it talks to does not offer the feature yet. */
export function NotYetAvailable({ what }: { readonly what: string }) {
  return (
    <Result
      status="info"
      title={`${what}功能暂未开放`}
      subTitle="服务器尚未提供该功能，请稍后再试或联系系统管理员。"
    />
  );
}

/** A load's failure: "not yet available" for a missing endpoint, else the API's Chinese message. */
export function LoadFailure({
  error,
  what,
  onRetry,
}: {
  readonly error: ApiError;
  readonly what: string;
  readonly onRetry?: () => void;
}): ReactNode {
  if (isMissingEndpoint(error)) return <NotYetAvailable what={what} />;
  return <ErrorState error={error} {...(onRetry ? { onRetry } : {})} />;
}
