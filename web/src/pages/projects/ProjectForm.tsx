import { Alert, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ErrorState, ErrorText } from '../../components/PageState';
import { ApiError } from '../../api';
import { showFieldErrors } from '../units/form-errors';
import { ORG_KIND_LABELS, useJurisdictionOrgs } from '../units/orgs';
import { yearOptions } from '../units/server-year';
import { PROJECT_FIELD_OF, type ProjectFields, type ProjectInput } from './types';

interface FormValues {
  readonly organizerOrgId: string;
  readonly year: number;
  readonly name: string;
  readonly hours: number;
  readonly period: readonly [Dayjs, Dayjs];
  readonly place: string;
  readonly audience: string;
  readonly contact: string;
  readonly cityWide: boolean;
}

/**
 * The fields of one 附件1 row. New projects choose their 承办单位 and 是否面向全市; a returned project
 * keeps both (they fixed its approval chain) and changes the rest.
 */
export function ProjectForm({
  mode,
  initial,
  defaultYear,
  onSubmit,
  submitLabel,
  onCancel,
}: {
  readonly mode: 'new' | 'resubmit';
  readonly initial?: Partial<ProjectInput> & { readonly organizerName?: string };
  readonly defaultYear: number;
  readonly onSubmit: (input: ProjectInput) => Promise<void>;
  readonly submitLabel: string;
  readonly onCancel?: () => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const orgs = useJurisdictionOrgs();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{
    error: ApiError;
    rest: readonly { field: string; message: string }[];
  } | null>(null);
  const year = Form.useWatch('year', form) ?? defaultYear;

  const organizerOptions = useMemo(
    () =>
      (orgs.data ?? [])
        .filter((o) => o.kind !== 'city' || o.depth === 0)
        .map((o) => ({
          value: o.id,
          label: `${'　'.repeat(o.depth)}${o.name}（${ORG_KIND_LABELS[o.kind]}）`,
          search: o.name,
        })),
    [orgs.data],
  );

  const initialValues: Partial<FormValues> = {
    year: initial?.year ?? defaultYear,
    cityWide: initial?.cityWide ?? false,
    ...(initial?.organizerOrgId ? { organizerOrgId: initial.organizerOrgId } : {}),
    ...(initial?.name !== undefined ? { name: initial.name } : {}),
    ...(initial?.hours !== undefined ? { hours: initial.hours } : {}),
    ...(initial?.startDate && initial.endDate
      ? { period: [dayjs(initial.startDate), dayjs(initial.endDate)] as const }
      : {}),
    ...(initial?.place !== undefined ? { place: initial.place } : {}),
    ...(initial?.audience !== undefined ? { audience: initial.audience } : {}),
    ...(initial?.contact !== undefined ? { contact: initial.contact } : {}),
  };

  const finish = async (values: FormValues) => {
    setBusy(true);
    setFailure(null);
    const fields: ProjectFields = {
      year: values.year,
      name: values.name.trim(),
      hours: values.hours,
      startDate: values.period[0].format('YYYY-MM-DD'),
      endDate: values.period[1].format('YYYY-MM-DD'),
      place: values.place.trim(),
      audience: values.audience.trim(),
      contact: values.contact.trim(),
      cityWide: values.cityWide,
    };
    try {
      await onSubmit({ ...fields, organizerOrgId: values.organizerOrgId ?? initial?.organizerOrgId ?? '' });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('server', 0, String(error));
      setFailure({ error: apiError, rest: showFieldErrors(form, error, PROJECT_FIELD_OF) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<FormValues>
      form={form}
      layout="horizontal"
      labelCol={{ flex: '140px' }}
      wrapperCol={{ flex: 'auto' }}
      style={{ maxWidth: 760 }}
      initialValues={initialValues}
      onFinish={(values) => void finish(values)}
      scrollToFirstError
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title="提交未成功"
          description={
            failure.rest.length > 0 || failure.error.fieldErrors.length === 0 ? (
              <ErrorText error={failure.error} />
            ) : (
              <div>{failure.error.message}</div>
            )
          }
        />
      )}
      {mode === 'new' ? (
        <Form.Item
          name="organizerOrgId"
          label="承办单位"
          rules={[{ required: true, message: '请选择承办单位' }]}
          extra="本单位或所属单位"
        >
          {orgs.error ? (
            <ErrorState error={orgs.error} onRetry={() => orgs.reload()} />
          ) : (
            <Select
              showSearch={{ optionFilterProp: 'search' }}
              loading={orgs.loading}
              options={organizerOptions}
              placeholder="选择承办单位"
            />
          )}
        </Form.Item>
      ) : (
        <Form.Item label="承办单位">
          <span>{initial?.organizerName ?? initial?.organizerOrgId}</span>
        </Form.Item>
      )}
      <Form.Item name="year" label="目录年度" rules={[{ required: true, message: '请选择年度' }]}>
        <Select options={yearOptions(defaultYear)} style={{ width: 140 }} disabled={mode === 'resubmit'} />
      </Form.Item>
      <Form.Item
        name="name"
        label="培训项目名称"
        rules={[
          { required: true, whitespace: true, message: '请填写培训项目名称' },
          { max: 200, message: '不能超过 200 个字' },
        ]}
      >
        <Input maxLength={200} showCount />
      </Form.Item>
      <Form.Item
        name="hours"
        label="学时"
        rules={[
          { required: true, message: '请填写学时' },
          {
            validator: (_, value: number | null) =>
              value === null || value === undefined || (value > 0 && Number.isInteger(value * 2))
                ? Promise.resolve()
                : Promise.reject(new Error('学时须大于 0，且以 0.5 学时为单位')),
          },
        ]}
      >
        <InputNumber min={0.5} max={1000} step={0.5} style={{ width: 160 }} suffix="学时" />
      </Form.Item>
      <Form.Item
        name="period"
        label="培训时间"
        rules={[
          { required: true, message: '请选择培训起止日期' },
          {
            validator: (_, value: readonly [Dayjs, Dayjs] | undefined) =>
              !value || (value[0].year() === year && value[1].year() === year)
                ? Promise.resolve()
                : Promise.reject(new Error(`培训时间须在 ${year} 年度内`)),
          },
        ]}
      >
        <DatePicker.RangePicker allowClear={false} placeholder={['开始日期', '结束日期']} />
      </Form.Item>
      <Form.Item
        name="place"
        label="培训地点"
        rules={[
          { required: true, whitespace: true, message: '请填写培训地点' },
          { max: 200, message: '不能超过 200 个字' },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="audience"
        label="培训对象"
        rules={[
          { required: true, whitespace: true, message: '请填写培训对象' },
          { max: 200, message: '不能超过 200 个字' },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="contact"
        label="联系人及电话"
        rules={[
          { required: true, whitespace: true, message: '请填写联系人及电话' },
          { max: 100, message: '不能超过 100 个字' },
        ]}
      >
        <Input maxLength={100} placeholder="如：王老师 0535-6600000" />
      </Form.Item>
      <Form.Item
        name="cityWide"
        label="是否面向全市"
        rules={[{ required: true, message: '请选择是否面向全市' }]}
        extra={mode === 'new' ? '面向全市的区市项目在区市人社局审核后还需市人社局审核' : '申报后不能更改'}
      >
        <Radio.Group disabled={mode === 'resubmit'}>
          <Radio value={true}>是</Radio>
          <Radio value={false}>否</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item label={null}>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {submitLabel}
          </Button>
          {onCancel && <Button onClick={onCancel}>取消</Button>}
        </Space>
      </Form.Item>
    </Form>
  );
}
