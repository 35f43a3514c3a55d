import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Radio, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { api, useQuery } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { XLSX, useDownload } from '../units/download';
import { YearSelect, useYearParam } from '../units/year';
import { periodText } from './format';
import type { CatalogueItem } from './types';

/** 培训项目目录: the approved (published) projects of a year, as 附件1 lists them, and its xlsx. */
export default function CataloguePage() {
  const [year, setYear] = useYearParam();
  const [params, setParams] = useSearchParams();
  const cityWide = params.get('cityWide') ?? '';
  const download = useDownload();
  const q = useQuery(year === null ? null : `catalogue:${year}:${cityWide}`, (signal, after) =>
    api.get<{ items: CatalogueItem[] }>('/api/v1/catalogue', {
      query: { year, cityWide: cityWide || undefined },
      signal,
      after,
    }),
  );

  return (
    <>
      <PageHeader
        title="培训项目目录"
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={download.busy}
            disabled={year === null}
            onClick={() =>
              download.run('/api/v1/catalogue/export', XLSX, `${year}年度培训项目目录.xlsx`, {
                year: year ?? undefined,
              })
            }
          >
            导出附件1（Excel）
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <YearSelect value={year} onChange={setYear} />
          <Radio.Group
            aria-label="是否面向全市"
            optionType="button"
            value={cityWide}
            onChange={(e) =>
              setParams(
                (current) => {
                  const copy = new URLSearchParams(current);
                  const value = String(e.target.value);
                  if (value) copy.set('cityWide', value);
                  else copy.delete('cityWide');
                  return copy;
                },
                { replace: true },
              )
            }
            options={[
              { value: '', label: '全部项目' },
              { value: 'true', label: '面向全市' },
              { value: 'false', label: '非面向全市' },
            ]}
          />
        </Space>
        <PageState
          loading={q.loading}
          error={q.error}
          data={q.data}
          onRetry={() => q.reload()}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <Typography.Paragraph type="secondary">
              {year}年度目录中暂无已审核通过的培训项目。
            </Typography.Paragraph>
          }
        >
          {(data) => (
            <Table<CatalogueItem>
              rowKey="id"
              size="small"
              dataSource={data.items}
              scroll={{ x: 1100 }}
              pagination={{
                pageSize: 50,
                showSizeChanger: false,
                hideOnSinglePage: true,
                showTotal: (n) => `共 ${n} 项`,
              }}
              columns={[
                { title: '序号', key: 'index', width: 60, render: (_, __, i) => i + 1 },
                { title: '承办单位', dataIndex: 'organizerName', width: 180 },
                { title: '培训项目名称', dataIndex: 'name' },
                { title: '学时', dataIndex: 'hours', width: 60, align: 'right' },
                {
                  title: '培训时间',
                  key: 'period',
                  width: 190,
                  render: (_, p) => periodText(p.startDate, p.endDate),
                },
                { title: '培训地点', dataIndex: 'place', width: 150 },
                { title: '培训对象', dataIndex: 'audience', width: 150 },
                { title: '联系人及电话', dataIndex: 'contact', width: 160 },
                {
                  title: '是否面向全市',
                  dataIndex: 'cityWide',
                  width: 110,
                  render: (v: boolean) => (v ? <Tag color="purple">是</Tag> : '否'),
                },
              ]}
            />
          )}
        </PageState>
      </Card>
    </>
  );
}
