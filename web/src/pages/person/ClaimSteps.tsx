import { Spin } from 'antd';
import { api, type ClaimView, useQuery } from '../../api';
import { ErrorState } from '../../components/PageState';
import { StepsTimeline } from '../../components/StepsTimeline';

/** The steps of one claim, loaded when shown (an expanded row of the claims list). */
export function ClaimSteps({ claimId }: { readonly claimId: string }) {
  const claim = useQuery(`claim:${claimId}`, (signal) =>
    api.get<ClaimView>(`/api/v1/hour-claims/${claimId}`, { signal }),
  );
  if (claim.error) return <ErrorState error={claim.error} onRetry={() => claim.reload()} />;
  if (!claim.data) return <Spin description="加载审批记录…" />;
  return <StepsTimeline steps={claim.data.steps} />;
}
