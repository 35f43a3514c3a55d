import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, newIdempotencyKey } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { FilePicker } from '../units/FilePicker';
import { postMultipart } from '../units/multipart';
import { useServerYear, yearOptions } from '../units/server-year';
import type { ImportResult, ImportRow } from './types';

/** The server's limit for a 附件1 upload (libs/projects xlsx-upload MAX_UPLOAD_BYTES). */
const MAX_BYTES = 5 * 1024 * 1024;

function RowOutcome({ row }: { readonly row: ImportRow }) {
  if (!row.ok) return <Tag color="error">未导入</Tag>;
  if (row.duplicate) return <Tag color="default">已导入过</Tag>;
  return <Tag color="success">已提交审核</Tag>;
}

/** 导入附件1: a whole catalogue sheet at once; each good row becomes a project under review. */
export default function ImportProjectsPage() {
  const serverYear = useServerYear();
  const yearId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [year, setYear] = useState<number | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<{ file: string; data: ImportResult } | null>(null);
  const intent = useRef(newIdempotencyKey());

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('file', file, file.name);
    if (year !== '') form.append('year', String(year));
    try {
      const data = await postMultipart<ImportResult>('/api/v1/training-projects/import', form, {
        idempotencyKey: intent.current,
      });
      intent.current = newIdempotencyKey();
      setResult({ file: file.name, data });
      setFile(null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError('server', 0, String(failure)));
    } finally {
      setBusy(false);
    }
  };

  const rows = result?.data.rows ?? [];
  const accepted = result?.data.accepted ?? rows.filter((r) => r.ok && !r.duplicate).length;
  const duplicates = result?.data.duplicates ?? rows.filter((r) => r.duplicate).length;
  const rejected = result?.data.rejected ?? rows.filter((r) => !r.ok).length;

  return (
    <>
      <PageHeader title="导入附件1" extra={<Link to="/projects">返回培训项目</Link>} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title="上传培训项目目录（附件1）">
          <Typography.Paragraph type="secondary">
            使用《培训项目目录》（附件1）模板：表头含
            序号、承办单位、培训项目名称、学时、培训时间、培训地点、培训对象、联系人及电话、是否面向全市。
            承办单位留空表示本单位；每一行单独检查，合格的行提交审核，有问题的行列出原因，改正后可再次导入同一文件（已导入的行不会重复提交）。
          </Typography.Paragraph>
          <FilePicker
            file={file}
            onChange={setFile}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            extensions={['.xlsx']}
            typeName="Excel（.xlsx）文件"
            maxBytes={MAX_BYTES}
            testId="import-file"
          />
          <Space wrap style={{ marginTop: 16 }}>
            <label htmlFor={yearId}>目录年度</label>
            <Select
              id={yearId}
              value={year}
              style={{ width: 200 }}
              onChange={(v: number | '') => setYear(v)}
              options={[
                { value: '', label: '按各行培训时间确定' },
                ...yearOptions(serverYear ?? new Date().getFullYear()),
              ]}
            />
            <Button
              type="primary"
              disabled={!file}
              loading={busy}
              onClick={() => void upload()}
              data-testid="import-submit"
            >
              开始导入
            </Button>
          </Space>
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginTop: 16 }}
              title="导入未成功，未提交任何项目"
              description={error.message}
            />
          )}
        </Card>
        {result && (
          <Card title={`导入结果：${result.file}`} data-testid="import-result">
            <Alert
              type={rejected === 0 ? 'success' : accepted + duplicates === 0 ? 'error' : 'warning'}
              showIcon
              role="status"
              data-testid="import-summary"
              title={`共 ${rows.length} 行：${accepted} 行已提交审核，${duplicates} 行此前已导入，${rejected} 行有问题未导入`}
              description={rejected > 0 ? '请按下表的原因修改有问题的行后，再次导入该文件。' : undefined}
              style={{ marginBottom: 16 }}
            />
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col xs={8}>
                <Statistic
                  title="已提交审核"
                  value={accepted}
                  suffix="行"
                  styles={{ content: { color: '#389e0d' } }}
                />
              </Col>
              <Col xs={8}>
                <Statistic title="此前已导入" value={duplicates} suffix="行" />
              </Col>
              <Col xs={8}>
                <Statistic
                  title="有问题未导入"
                  value={rejected}
                  suffix="行"
                  styles={{ content: { color: rejected ? '#cf1322' : undefined } }}
                />
              </Col>
            </Row>
            <Table<ImportRow>
              data-testid="import-rows"
              rowKey="row"
              size="small"
              dataSource={[...rows]}
              pagination={
                rows.length > 50 ? { pageSize: 50, showSizeChanger: false, hideOnSinglePage: true } : false
              }
              columns={[
                { title: '行号', dataIndex: 'row', width: 70, render: (n: number) => `第 ${n} 行` },
                { title: '结果', key: 'ok', width: 110, render: (_, r) => <RowOutcome row={r} /> },
                {
                  title: '问题',
                  key: 'errors',
                  render: (_, r) =>
                    r.errors && r.errors.length > 0 ? (
                      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                        {r.errors.map((e) => (
                          <li key={`${e.field}:${e.message}`}>
                            <Typography.Text strong>{e.field}</Typography.Text>：{e.message}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: '项目',
                  key: 'id',
                  width: 90,
                  render: (_, r) =>
                    r.id ? (
                      <Link
                        to={`/projects/${r.id}${result.data.position ? `?after=${encodeURIComponent(result.data.position)}` : ''}`}
                      >
                        查看
                      </Link>
                    ) : null,
                },
              ]}
            />
          </Card>
        )}
      </Space>
    </>
  );
}
