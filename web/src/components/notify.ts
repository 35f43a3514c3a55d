import { App } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api';

/** Shows a failed command's Chinese message (a 409 asks to reload, a network error says so). */
export function useFailureMessage(): (error: unknown) => void {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors.map((f) => f.message).join('；');
        void message.error({
          content: fields ? `${error.message}（${fields}）` : error.message,
          duration: 6,
        });
      } else if (!(error instanceof DOMException && error.name === 'AbortError')) {
        void message.error(`操作失败：${String(error)}`);
      }
    },
    [message],
  );
}
