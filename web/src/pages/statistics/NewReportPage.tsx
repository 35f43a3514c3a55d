import { App, Card, Select, Space, Typography } from 'antd';
import { useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, newIdempotencyKey } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { useJurisdictionOrgs } from '../units/orgs';
import { useServerYear, yearOptions } from '../units/server-year';
import { emptyDraft } from './checks';
import { FORM_LABELS, type StatisticsForm, isStatisticsForm } from './forms';
import { ReportEditor, type ReportPayload } from './ReportEditor';

/** 填报附件3 / 附件4: one year's report of the user's district bureau or city department. */
export default function NewReportPage() {
  const [params] = useSearchParams();
  const raw = params.get('form');
  const form: StatisticsForm = isStatisticsForm(raw) ? raw : 'knowledge_update';
  const serverYear = useServerYear();
  const asked = Number(params.get('year'));
  const defaultYear = Number.isInteger(asked) && asked >= 2000 ? asked : serverYear;
  const { user, hasRole } = useAuth();
  const admin = hasRole('admin');
  const orgs = useJurisdictionOrgs();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const yearId = useId();
  const orgId = useId();
  const [year, setYear] = useState<number | null>(null);
  const [org, setOrg] = useState<string | undefined>(admin ? undefined : user?.orgId);
  const intent = useRef(newIdempotencyKey());
  const labels = FORM_LABELS[form];
  const initial = useMemo(() => emptyDraft(form), [form]);
  const chosenYear = year ?? defaultYear;

  const orgOptions = useMemo(
    () =>
      (orgs.data ?? [])
        .filter((o) => o.kind === 'district' || o.kind === 'department')
        .map((o) => ({ value: o.id, label: o.name })),
    [orgs.data],
  );

  const submit = async (payload: ReportPayload) => {
    if (!org || chosenYear === null) throw new ApiError('invalid', 0, '请选择填报单位和年度');
    const result = await api.post<{ id: string; position: string }>(
      '/api/v1/statistics-reports',
      { year: chosenYear, orgId: org, form, ...payload },
      { headers: { 'Idempotency-Key': intent.current } },
    );
    intent.current = newIdempotencyKey();
    void message.success(`${labels.attachment}已提交市人社局审核`);
    void navigate(`/statistics/reports/${result.id}?after=${encodeURIComponent(result.position)}`);
  };

  return (
    <>
      <PageHeader
        title={`填报${labels.attachment}`}
        extra={
          <Link
            to={`/statistics/reports/new?form=${form === 'knowledge_update' ? 'major_strategy' : 'knowledge_update'}`}
          >
            改填{form === 'knowledge_update' ? '附件4' : '附件3'}
          </Link>
        }
      />
      <Card title={`${labels.title}（${chosenYear ?? ''}年度）`}>
        {chosenYear === null ? (
          <PageLoading />
        ) : (
          <ReportEditor
            key={form}
            form={form}
            initial={initial}
            submitLabel="提交审核"
            onSubmit={submit}
            header={
              <Space wrap>
                <label htmlFor={orgId}>填报单位</label>
                {admin ? (
                  <Select
                    id={orgId}
                    value={org}
                    onChange={setOrg}
                    options={orgOptions}
                    loading={orgs.loading}
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder="选择区市人社局或市直部门"
                    style={{ width: 280 }}
                  />
                ) : (
                  <Typography.Text id={orgId} strong>
                    {orgs.data?.find((o) => o.depth === 0)?.name ?? '本单位'}
                  </Typography.Text>
                )}
                <label htmlFor={yearId}>年度</label>
                <Select
                  id={yearId}
                  value={chosenYear}
                  options={yearOptions(serverYear ?? chosenYear)}
                  onChange={setYear}
                  style={{ width: 110 }}
                />
              </Space>
            }
          />
        )}
      </Card>
    </>
  );
}
