import { Alert, Button, Empty, Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';

/** A failed load: the API's Chinese message and a retry button. */
export function ErrorState({ error, onRetry }: { readonly error: ApiError; readonly onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={error.kind === 'network' ? '网络错误' : '加载失败'}
      description={<ErrorText error={error} />}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}

/** The message and each field error of a problem+json answer. */
export function ErrorText({ error }: { readonly error: ApiError }) {
  const fields = error.fieldErrors;
  return (
    <>
      <div>{error.message}</div>
      {fields.length > 0 && (
        <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
          {fields.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              {f.field ? `${f.field}：` : ''}
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface PageStateProps<T> {
  readonly loading: boolean;
  readonly error: ApiError | null;
  readonly data: T | undefined;
  readonly onRetry?: () => void;
  /** When true for the data, the empty state shows instead of the children. */
  readonly isEmpty?: (data: T) => boolean;
  readonly empty?: ReactNode;
  readonly children: (data: T) => ReactNode;
}

/** Loading, error and empty states of one loaded thing, so that no page forgets one. */
export function PageState<T>({ loading, error, data, onRetry, isEmpty, empty, children }: PageStateProps<T>) {
  if (error) return <ErrorState error={error} {...(onRetry ? { onRetry } : {})} />;
  if (data === undefined) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin description="加载中…" />
      </Flex>
    );
  }
  if (isEmpty?.(data)) return <>{empty ?? <Empty description="暂无数据" />}</>;
  return (
    <Spin spinning={loading} description="加载中…">
      {children(data)}
    </Spin>
  );
}
