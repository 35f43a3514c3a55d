import { Alert, App, Card, Empty } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { type ApiError, api, newIdempotencyKey, type Submitted } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { ErrorText } from '../../components/PageState';
import { ClaimForm, type ClaimFormValues, toClaimFields } from './ClaimForm';
import { PersonPicker, personQuery, usePersonChoice } from './person-context';

/** 学时登记: a new claim, by the professional or by their unit admin for them. */
export default function NewClaimPage() {
  const choice = usePersonChoice();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // One key per claim being entered: a double click or a retry after a lost answer is the same
  // submission to the server. A new key only after the server accepted one.
  const idempotencyKey = useRef(newIdempotencyKey());

  const submit = async (values: ClaimFormValues) => {
    if (!choice.personId) return;
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.post<Submitted>(
        '/api/v1/hour-claims',
        { personId: choice.personId, ...toClaimFields(values) },
        { headers: { 'Idempotency-Key': idempotencyKey.current } },
      );
      idempotencyKey.current = newIdempotencyKey();
      void message.success('学时登记已提交，等待审核');
      void navigate(`/my/claims/${result.id}${personQuery(choice)}`, { state: { after: result.position } });
    } catch (failure) {
      setError(failure as ApiError);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <PageHeader title="学时登记" extra={<PersonPicker choice={choice} />} />
      {!choice.personId ? (
        <Empty description="请先选择要代为登记的专业技术人员" />
      ) : (
        <Card>
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title="提交未成功"
              description={<ErrorText error={error} />}
              style={{ marginBottom: 16 }}
              data-testid="submit-error"
            />
          )}
          <ClaimForm
            submitLabel="提交登记"
            submitting={submitting}
            error={error}
            onSubmit={(values) => void submit(values)}
          />
        </Card>
      )}
    </>
  );
}
