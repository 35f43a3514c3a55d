import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api, useQuery } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { XLSX, useDownload } from '../units/download';
import { NotYetAvailable, isMissingEndpoint } from '../units/pending';
import { YearSelect, useYearParam } from '../units/year';
import { draftFromRows } from './checks';
import {
  FORM_LABELS,
  STATISTICS_FORMS,
  type StatisticsForm,
  type StatisticsSum,
  isStatisticsForm,
} from './forms';
import { StatisticsTable } from './StatisticsTable';

type DistrictSum = NonNullable<StatisticsSum['byDistrict']>[number];

/** 统计汇总: the approved reports of the user's scope summed per field, and the official xlsx. */
export default function SummaryPage() {
  const [year, setYear] = useYearParam();
  const [params, setParams] = useSearchParams();
  const raw = params.get('form');
  const form: StatisticsForm = isStatisticsForm(raw) ? raw : 'knowledge_update';
  const labels = FORM_LABELS[form];
  const download = useDownload();
  const q = useQuery(year === null ? null : `statistics-sum:${form}:${year}`, (signal, after) =>
    api.get<StatisticsSum>(`/api/v1/statistics/${form}`, { query: { year }, signal, after }),
  );
  const draft = useMemo(
    () => (q.data ? draftFromRows(form, q.data.rows, q.data.fundingWan) : null),
    [form, q.data],
  );

  const chooseForm = (next: string) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        copy.set('form', next);
        return copy;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="统计汇总"
        extra={
          <Space wrap>
            <YearSelect value={year} onChange={setYear} />
            <Button
              icon={<DownloadOutlined />}
              disabled={year === null || isMissingEndpoint(q.error)}
              loading={download.busy}
              onClick={() =>
                download.run(
                  `/api/v1/statistics/${form}/export`,
                  XLSX,
                  `${labels.title}（${year}年度）.xlsx`,
                  {
                    year: year ?? undefined,
                  },
                )
              }
            >
              导出{labels.attachment}（Excel）
            </Button>
          </Space>
        }
      />
      <Tabs
        activeKey={form}
        onChange={chooseForm}
        items={STATISTICS_FORMS.map((f) => ({
          key: f,
          label: `${FORM_LABELS[f].attachment} ${FORM_LABELS[f].title}`,
        }))}
      />
      {isMissingEndpoint(q.error) ? (
        <NotYetAvailable what="统计汇总" />
      ) : (
        <PageState loading={q.loading} error={q.error} data={q.data} onRetry={() => q.reload()}>
          {(sum) => (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card>
                <Row gutter={16}>
                  <Col xs={12} md={6}>
                    <Statistic title="已汇总的报表" value={sum.reports} suffix="份" />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic title={labels.fundingHeader} value={sum.fundingWan} precision={2} />
                  </Col>
                </Row>
                <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                  只汇总市人社局审核通过的报表；范围为本单位及所辖单位（市人社局为全市）。
                </Typography.Paragraph>
              </Card>
              {sum.byDistrict && sum.byDistrict.length > 0 && (
                <Card title="各区市报送情况">
                  <Table<DistrictSum>
                    rowKey={(d) => d.districtId ?? 'city'}
                    size="small"
                    pagination={false}
                    dataSource={[...sum.byDistrict]}
                    columns={[
                      { title: '区市', dataIndex: 'districtName' },
                      { title: '已通过报表（份）', dataIndex: 'reports', width: 160, align: 'right' },
                      {
                        title: labels.fundingHeader,
                        dataIndex: 'fundingWan',
                        width: 160,
                        align: 'right',
                        render: (v: number) => v.toFixed(2),
                      },
                    ]}
                  />
                </Card>
              )}
              <Card title={`${labels.title}（${year ?? ''}年度）`}>
                {sum.reports === 0 ? (
                  <Empty description="尚无审核通过的报表，下表各项为 0" style={{ marginBottom: 16 }} />
                ) : null}
                {draft && <StatisticsTable form={form} draft={draft} />}
              </Card>
            </Space>
          )}
        </PageState>
      )}
    </>
  );
}
