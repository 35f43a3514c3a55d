import { App } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api';
import { useFailureMessage } from '../../components/notify';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF = 'application/pdf';

/** Saves a file the API answers (xlsx, PDF) under its suggested name. */
export async function saveFile(
  path: string,
  accept: string,
  fallbackName: string,
  query?: Readonly<Record<string, string | number | boolean | undefined>>,
): Promise<void> {
  const { blob, filename } = await api.download(path, accept, query ? { query } : {});
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename ?? fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A download button's state: busy while the file comes, failures toasted in Chinese. */
export function useDownload(): { busy: boolean; run: (...args: Parameters<typeof saveFile>) => void } {
  const [busy, setBusy] = useState(false);
  const fail = useFailureMessage();
  const { message } = App.useApp();
  const run = useCallback(
    (...args: Parameters<typeof saveFile>) => {
      setBusy(true);
      saveFile(...args)
        .then(() => void message.success('已开始下载'))
        .catch(fail)
        .finally(() => setBusy(false));
    },
    [fail, message],
  );
  return { busy, run };
}
