import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '../../api';
import { FilePicker } from '../units/FilePicker';
import { postMultipart } from '../units/multipart';
import { TRAINEE_SHEET_MAX_BYTES, type TraineeImportResult } from './types';

type Row = TraineeImportResult['rows'][number];

/** 批量登记学员: an xlsx or CSV (姓名, 身份证号, 培训项目, 学时, 完成日期); rejected rows listed with why. */
export function TraineeImport({
  baseId,
  year,
  onImported,
}: {
  readonly baseId: string;
  readonly year: number;
  readonly onImported: (position: string | null) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<{ file: string; data: TraineeImportResult } | null>(null);
  const intent = useRef(newIdempotencyKey());

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const data = await postMultipart<TraineeImportResult>(
        `/api/v1/bases/${encodeURIComponent(baseId)}/trainees/import`,
        form,
        { query: { year }, idempotencyKey: intent.current },
      );
      intent.current = newIdempotencyKey();
      setResult({ file: file.name, data });
      setFile(null);
      onImported(data.position ?? null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError('server', 0, String(failure)));
    } finally {
      setBusy(false);
    }
  };

  const rejectedRows = result?.data.rows.filter((r) => !r.ok) ?? [];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        表头须含：姓名、身份证号、培训项目、学时、完成日期（CSV 请用 UTF-8 编码；身份证号请以文本格式填写）。
        同一学员同一培训项目重复登记只计一次。
      </Typography.Paragraph>
      <FilePicker
        file={file}
        onChange={setFile}
        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        extensions={['.xlsx', '.csv']}
        typeName="Excel（.xlsx）或 CSV 文件"
        maxBytes={TRAINEE_SHEET_MAX_BYTES}
      />
      <Button type="primary" disabled={!file} loading={busy} onClick={() => void upload()}>
        导入{year}年度学员
      </Button>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title="导入未成功，未登记任何学员"
          description={error.message}
        />
      )}
      {result && (
        <>
          <Alert
            type={result.data.rejected === 0 ? 'success' : 'warning'}
            showIcon
            role="status"
            title={`${result.file}：新登记 ${result.data.accepted} 人次，重复 ${result.data.duplicates} 条，未通过 ${result.data.rejected} 条`}
          />
          {rejectedRows.length > 0 && (
            <Table<Row>
              rowKey="row"
              size="small"
              dataSource={rejectedRows}
              pagination={
                rejectedRows.length > 50
                  ? { pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }
                  : false
              }
              columns={[
                { title: '行号', dataIndex: 'row', width: 90, render: (n: number) => `第 ${n} 行` },
                { title: '结果', key: 'ok', width: 90, render: () => <Tag color="error">未登记</Tag> },
                {
                  title: '原因',
                  key: 'errors',
                  render: (_, r) => (
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {(r.errors ?? []).map((e) => (
                        <li key={`${e.field}:${e.message}`}>
                          <Typography.Text strong>{e.field}</Typography.Text>：{e.message}
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
    </Space>
  );
}
