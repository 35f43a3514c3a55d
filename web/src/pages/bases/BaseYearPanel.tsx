import { Card, Tabs, Typography } from 'antd';
import { api, useQuery } from '../../api';
import { useAuth } from '../../auth/auth';
import { PageState } from '../../components/PageState';
import { BaseYearFigures } from './BaseYearFigures';
import { ResearchProjectForm } from './ResearchProjectForm';
import { TraineeForm } from './TraineeForm';
import { TraineeImport } from './TraineeImport';
import { BASE_WRITERS, type BaseYear } from './types';

/** A base's year: the quota figures, and for its operator the registration of trainees and projects. */
export function BaseYearPanel({ baseId, year }: { readonly baseId: string; readonly year: number }) {
  const { hasRole, user } = useAuth();
  const mayWrite = hasRole('admin') || (hasRole(...BASE_WRITERS) && user?.orgId === baseId);
  const q = useQuery(`base-year:${baseId}:${year}`, (signal, after) =>
    api.get<BaseYear>(`/api/v1/bases/${encodeURIComponent(baseId)}/years/${year}`, { signal, after }),
  );
  const written = (position: string | null) => q.reload(position);

  return (
    <>
      <PageState loading={q.loading} error={q.error} data={q.data} onRetry={() => q.reload()}>
        {(base) => <BaseYearFigures base={base} />}
      </PageState>
      {mayWrite && (
        <Card style={{ marginTop: 16 }}>
          <Tabs
            items={[
              {
                key: 'import',
                label: '批量导入学员',
                children: <TraineeImport baseId={baseId} year={year} onImported={written} />,
              },
              {
                key: 'single',
                label: '登记单个学员',
                children: <TraineeForm baseId={baseId} year={year} onRegistered={written} />,
              },
              {
                key: 'research',
                label: '登记研修项目',
                children: (
                  <>
                    <Typography.Paragraph type="secondary">
                      每个基地每年至少承办 4 个研修培训项目；同名同期的项目重复登记只计一次。
                    </Typography.Paragraph>
                    <ResearchProjectForm baseId={baseId} year={year} onAdded={written} />
                  </>
                ),
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}
