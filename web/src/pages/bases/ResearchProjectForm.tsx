import { Alert, App, Button, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { ApiError, api, newIdempotencyKey } from '../../api';
import { showFieldErrors } from '../units/form-errors';

interface Values {
  readonly name: string;
  readonly period: readonly [Dayjs, Dayjs];
}

/** 登记研修培训项目: a base hosts at least 4 a year. */
export function ResearchProjectForm({
  baseId,
  year,
  onAdded,
}: {
  readonly baseId: string;
  readonly year: number;
  readonly onAdded: (position: string | null) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const intent = useRef(newIdempotencyKey());

  const finish = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await api.post<{ duplicate?: boolean; position?: string }>(
        `/api/v1/bases/${encodeURIComponent(baseId)}/research-projects`,
        {
          year,
          name: values.name.trim(),
          startDate: values.period[0].format('YYYY-MM-DD'),
          endDate: values.period[1].format('YYYY-MM-DD'),
        },
        { headers: { 'Idempotency-Key': intent.current } },
      );
      intent.current = newIdempotencyKey();
      void message.success(result.duplicate ? '该研修项目此前已登记' : '研修项目已登记');
      form.resetFields();
      onAdded(result.position ?? null);
    } catch (error) {
      showFieldErrors(form, error, { name: 'name', startDate: 'period', endDate: 'period' });
      setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="horizontal"
      labelCol={{ flex: '110px' }}
      style={{ maxWidth: 560 }}
      onFinish={(values) => void finish(values)}
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title="登记未成功"
          description={failure}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.Item
        name="name"
        label="项目名称"
        rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { max: 200 }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="period"
        label="起止日期"
        rules={[
          { required: true, message: '请选择起止日期' },
          {
            validator: (_, v: readonly [Dayjs, Dayjs] | undefined) =>
              !v || (v[0].year() <= year && v[1].year() >= year)
                ? Promise.resolve()
                : Promise.reject(new Error(`研修项目须至少有一部分在 ${year} 年度内举办`)),
          },
        ]}
      >
        <DatePicker.RangePicker placeholder={['开始日期', '结束日期']} />
      </Form.Item>
      <Form.Item label={null}>
        <Button type="primary" htmlType="submit" loading={busy}>
          登记研修项目
        </Button>
      </Form.Item>
    </Form>
  );
}
