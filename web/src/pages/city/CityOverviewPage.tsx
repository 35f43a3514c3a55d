import { Space } from 'antd';
import { useAuth } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { YearSelect, useYearParam } from '../units/year';
import { BaseQuotaSection } from './BaseQuotaSection';
import { ComplianceSection } from './ComplianceSection';
import { DeadlineSection } from './DeadlineSection';

/** 全市概览: compliance by district, the bases' quotas and how the deadlines are being met. */
export default function CityOverviewPage() {
  const [year, setYear] = useYearParam();
  const { hasRole } = useAuth();
  const city = hasRole('city_reviewer', 'auditor', 'admin');
  return (
    <>
      <PageHeader
        title={city ? '全市概览' : '辖区概览'}
        extra={<YearSelect value={year} onChange={setYear} />}
      />
      {year === null ? (
        <PageLoading />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <ComplianceSection year={year} />
          <DeadlineSection year={year} />
          {city && <BaseQuotaSection year={year} />}
        </Space>
      )}
    </>
  );
}
