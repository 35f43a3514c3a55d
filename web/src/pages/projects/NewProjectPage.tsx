import { App, Card, Typography } from 'antd';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, newIdempotencyKey } from '../../api';
import { useUser } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageLoading';
import { useServerYear } from '../units/server-year';
import { ProjectForm } from './ProjectForm';
import type { ProjectInput } from './types';

/** 申报培训项目: one 附件1 row through the form. */
export default function NewProjectPage() {
  const year = useServerYear();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // One key per intent: a double click or a retry after a lost answer submits once.
  const intent = useRef(newIdempotencyKey());

  const submit = async (input: ProjectInput) => {
    const result = await api.post<{ id: string; status: string; position: string }>(
      '/api/v1/training-projects',
      input,
      {
        headers: { 'Idempotency-Key': intent.current },
      },
    );
    intent.current = newIdempotencyKey();
    void message.success('培训项目已提交审核');
    void navigate(`/projects/${result.id}?after=${encodeURIComponent(result.position)}`);
  };

  return (
    <>
      <PageHeader title="申报培训项目" extra={<Link to="/projects/import">批量导入附件1</Link>} />
      <Card>
        <Typography.Paragraph type="secondary">
          按《培训项目目录》（附件1）填写。提交后依次由主管部门、区市人社局审核（面向全市的项目还需市人社局审核），通过后列入培训项目目录。
        </Typography.Paragraph>
        {year === null ? (
          <PageLoading />
        ) : (
          <ProjectForm
            mode="new"
            initial={{ organizerOrgId: user.orgId }}
            defaultYear={year}
            submitLabel="提交审核"
            onSubmit={submit}
          />
        )}
      </Card>
    </>
  );
}
