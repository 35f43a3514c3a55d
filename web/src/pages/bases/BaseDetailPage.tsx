import { Space } from 'antd';
import { Link, useParams } from 'react-router';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { YearSelect, useYearParam } from '../units/year';
import { BaseYearPanel } from './BaseYearPanel';

/** 基地年度情况: one base (from the city's overview, or the operator's own). */
export default function BaseDetailPage() {
  const { baseId: param } = useParams();
  const { user, hasRole } = useAuth();
  const baseId = param ?? user?.orgId ?? '';
  const [year, setYear] = useYearParam();
  const city = hasRole('city_reviewer', 'auditor', 'admin');
  return (
    <>
      <PageHeader
        title={param ? '基地年度情况' : '本基地工作台'}
        extra={
          <Space>
            <YearSelect value={year} onChange={setYear} />
            {city && <Link to={`/bases${year ? `?year=${year}` : ''}`}>全部基地</Link>}
            {hasRole('auditor', 'admin') && year !== null && (
              <Link to={`/audit/streams?streamId=${encodeURIComponent(`base-year-${baseId}-${year}`)}`}>
                审计追溯
              </Link>
            )}
          </Space>
        }
      />
      {year === null ? (
        <PageLoading />
      ) : (
        <BaseYearPanel key={`${baseId}:${year}`} baseId={baseId} year={year} />
      )}
    </>
  );
}
