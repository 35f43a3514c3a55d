import { InboxOutlined } from '@ant-design/icons';
import { Alert, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { readableSize } from './multipart';

/**
 * One file chosen for upload (kept in the browser until the page sends it): type and size checked
 * here first, so the common mistakes are named before anything is sent. The server checks again.
 */
export function FilePicker({
  file,
  onChange,
  accept,
  extensions,
  typeName,
  maxBytes,
  hint,
  testId,
}: {
  readonly file: File | null;
  readonly onChange: (file: File | null) => void;
  /** The input's accept attribute. */
  readonly accept: string;
  /** Lower-case extensions accepted, with the dot. */
  readonly extensions: readonly string[];
  /** What the user is asked for, e.g. "Excel（.xlsx）文件". */
  readonly typeName: string;
  readonly maxBytes: number;
  readonly hint?: string;
  readonly testId?: string;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const list: UploadFile[] = file
    ? [{ uid: 'chosen', name: `${file.name}（${readableSize(file.size)}）`, status: 'done' }]
    : [];
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        accept={accept}
        multiple={false}
        maxCount={1}
        fileList={list}
        beforeUpload={(chosen) => {
          const name = chosen.name.toLowerCase();
          if (!extensions.some((ext) => name.endsWith(ext))) {
            setProblem(`「${chosen.name}」不是${typeName}`);
            onChange(null);
          } else if (chosen.size === 0) {
            setProblem(`「${chosen.name}」是空文件`);
            onChange(null);
          } else if (chosen.size > maxBytes) {
            setProblem(
              `「${chosen.name}」大小为 ${readableSize(chosen.size)}，超过 ${readableSize(maxBytes)} 的上限`,
            );
            onChange(null);
          } else {
            setProblem(null);
            onChange(chosen);
          }
          return Upload.LIST_IGNORE;
        }}
        onRemove={() => {
          setProblem(null);
          onChange(null);
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">点击选择或将文件拖到此处</p>
        <p className="ant-upload-hint">
          {typeName}，不超过 {readableSize(maxBytes)}
          {hint ? `。${hint}` : ''}
        </p>
      </Upload.Dragger>
      {problem && <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} title={problem} />}
    </div>
  );
}
