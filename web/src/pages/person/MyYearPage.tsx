import { DownloadOutlined, FileAddOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  InputNumber,
  Progress,
  Row,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, type Certificate, type Ledger, useQuery } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { LedgerStatusTag } from '../../components/Tags';
import { saveBlob } from '../../components/download';
import { useFailureMessage } from '../../components/notify';
import { PersonPicker, personQuery, usePersonChoice, useYearChoice } from './person-context';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function SubjectProgress({
  label,
  hours,
  required,
  shortfall,
  testId,
}: {
  readonly label: string;
  readonly hours: number;
  readonly required: number;
  readonly shortfall: number;
  readonly testId: string;
}) {
  const percent = required > 0 ? Math.min(100, Math.round((hours / required) * 100)) : 100;
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={label} value={hours} suffix={`/ ${required} 学时`} />
      <Progress
        percent={percent}
        status={shortfall > 0 ? 'active' : 'success'}
        aria-label={`${label}完成 ${percent}%`}
      />
      <Typography.Text type={shortfall > 0 ? 'warning' : 'success'}>
        {shortfall > 0 ? `还差 ${shortfall} 学时` : '已满足要求'}
      </Typography.Text>
    </Card>
  );
}

/** 我的学年: approved hours by subject against 30 公需 / 60 专业 / 90 总, and the year's documents. */
export default function MyYearPage() {
  const choice = usePersonChoice();
  const { year, ready, setYear } = useYearChoice();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const fail = useFailureMessage();
  const [busy, setBusy] = useState<'record' | 'certificate' | null>(null);
  const ledger = useQuery(
    choice.personId && ready ? `ledger:${choice.personId}:${year}` : null,
    (signal, after) => api.get<Ledger>(`/api/v1/persons/${choice.personId}/years/${year}`, { signal, after }),
  );

  /** Files that are still being built answer 404: say so instead of an error. */
  const notYet = (error: unknown, what: string): boolean => {
    if (error instanceof ApiError && (error.status === 404 || error.status === 501)) {
      void message.info(`${what}功能暂未开放，敬请期待`);
      return true;
    }
    return false;
  };

  const downloadRecord = async () => {
    if (!choice.personId) return;
    setBusy('record');
    try {
      const { blob, filename } = await api.download(
        `/api/v1/persons/${choice.personId}/years/${year}/record`,
        XLSX,
      );
      saveBlob(blob, filename ?? `继续教育登记表-${year}.xlsx`);
    } catch (error) {
      if (!notYet(error, '登记表（附件2）下载')) fail(error);
    } finally {
      setBusy(null);
    }
  };

  const downloadCertificate = async () => {
    if (!choice.personId) return;
    setBusy('certificate');
    try {
      const path = `/api/v1/persons/${choice.personId}/years/${year}/certificate`;
      await api.post<Certificate & { position?: string }>(path);
      const { blob, filename } = await api.download(path, 'application/pdf');
      saveBlob(blob, filename ?? `继续教育证书-${year}.pdf`);
    } catch (error) {
      if (!notYet(error, '证书')) fail(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader
        title="我的学年"
        extra={
          <Space wrap>
            <PersonPicker choice={choice} />
            <label htmlFor="year-input">年度</label>
            <InputNumber<number>
              id="year-input"
              min={2000}
              max={2100}
              value={year}
              onChange={(v) => v && setYear(v)}
              style={{ width: 100 }}
            />
          </Space>
        }
      />
      {!choice.personId ? (
        <Empty description="请选择要查看的专业技术人员" />
      ) : (
        <PageState
          loading={ledger.loading}
          error={ledger.error}
          data={ledger.data}
          onRetry={() => ledger.reload()}
        >
          {(l) => (
            <Space orientation="vertical" size="large" style={{ width: '100%' }}>
              <Descriptions bordered size="small" column={{ xs: 1, sm: 3 }}>
                <Descriptions.Item label="年度">{l.year}</Descriptions.Item>
                <Descriptions.Item label="状态">
                  <LedgerStatusTag status={l.status} />
                </Descriptions.Item>
                <Descriptions.Item label="合计">
                  <span data-testid="total-hours">{l.totalHours}</span> / {l.requirement.total} 学时
                </Descriptions.Item>
              </Descriptions>
              <Row gutter={[16, 16]}>
                <Col xs={24} md={8}>
                  <SubjectProgress
                    testId="progress-public"
                    label="公需科目"
                    hours={l.publicHours}
                    required={l.requirement.public}
                    shortfall={l.shortfall.public}
                  />
                </Col>
                <Col xs={24} md={8}>
                  <SubjectProgress
                    testId="progress-professional"
                    label="专业科目"
                    hours={l.professionalHours}
                    required={l.requirement.professional}
                    shortfall={l.shortfall.professional}
                  />
                </Col>
                <Col xs={24} md={8}>
                  <SubjectProgress
                    testId="progress-total"
                    label="总学时"
                    hours={l.totalHours}
                    required={l.requirement.total}
                    shortfall={l.shortfall.total}
                  />
                </Col>
              </Row>
              {l.competition &&
                (l.competition.publicApproved > 0 || l.competition.professionalApproved > 0) && (
                  <Alert
                    type="info"
                    showIcon
                    title={`技能竞赛学时：公需 ${l.competition.publicApproved}（计入 ${l.competition.publicCounted}），专业 ${l.competition.professionalApproved}（计入 ${l.competition.professionalCounted}）`}
                    description="竞赛学时每年最多折抵公需 5 学时、专业 30 学时。"
                  />
                )}
              <Typography.Text type="secondary">仅统计审核通过的学时。</Typography.Text>
              <Space wrap>
                <Button
                  type="primary"
                  icon={<FileAddOutlined />}
                  onClick={() => void navigate(`/my/claims/new${personQuery(choice)}`)}
                >
                  学时登记
                </Button>
                <Button
                  icon={<DownloadOutlined />}
                  loading={busy === 'record'}
                  onClick={() => void downloadRecord()}
                >
                  下载登记表（附件2）
                </Button>
                <Button
                  icon={<SafetyCertificateOutlined />}
                  loading={busy === 'certificate'}
                  disabled={l.status !== 'compliant'}
                  title={l.status !== 'compliant' ? '学时达标后可生成证书' : undefined}
                  onClick={() => void downloadCertificate()}
                >
                  下载证书
                </Button>
              </Space>
            </Space>
          )}
        </PageState>
      )}
    </>
  );
}
