import { Alert, App, Button, DatePicker, Form, Input, InputNumber } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { ApiError, api, newIdempotencyKey } from '../../api';
import { showFieldErrors } from '../units/form-errors';
import { idNumberProblem } from './id-number';

interface Values {
  readonly name: string;
  readonly idNumber: string;
  readonly programme: string;
  readonly hours: number;
  readonly completedOn: Dayjs;
}

const FIELD_OF: Readonly<Record<string, string>> = {
  name: 'name',
  idNumber: 'idNumber',
  programme: 'programme',
  hours: 'hours',
  completedOn: 'completedOn',
};

/** 登记单个学员: one person who completed one programme at the base this year. */
export function TraineeForm({
  baseId,
  year,
  onRegistered,
}: {
  readonly baseId: string;
  readonly year: number;
  readonly onRegistered: (position: string | null) => void;
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
        `/api/v1/bases/${encodeURIComponent(baseId)}/trainees`,
        {
          year,
          name: values.name.trim(),
          idNumber: values.idNumber.trim().toUpperCase(),
          programme: values.programme.trim(),
          hours: values.hours,
          completedOn: values.completedOn.format('YYYY-MM-DD'),
        },
        { headers: { 'Idempotency-Key': intent.current } },
      );
      intent.current = newIdempotencyKey();
      void message.success(result.duplicate ? '该学员的此培训项目此前已登记，未重复计数' : '已登记');
      form.resetFields();
      onRegistered(result.position ?? null);
    } catch (error) {
      showFieldErrors(form, error, FIELD_OF);
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
        label="姓名"
        rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 50 }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label="身份证号"
        rules={[
          { required: true, message: '请填写身份证号' },
          {
            validator: (_, v: string | undefined) =>
              v && idNumberProblem(v)
                ? Promise.reject(new Error(idNumberProblem(v) ?? ''))
                : Promise.resolve(),
          },
        ]}
      >
        <Input maxLength={18} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="programme"
        label="培训项目"
        rules={[{ required: true, whitespace: true, message: '请填写培训项目' }, { max: 200 }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="hours"
        label="学时"
        rules={[
          { required: true, message: '请填写学时' },
          {
            validator: (_, v: number | null | undefined) =>
              v === null || v === undefined || (v > 0 && Number.isInteger(v * 2))
                ? Promise.resolve()
                : Promise.reject(new Error('学时须大于 0，且以 0.5 学时为单位')),
          },
        ]}
      >
        <InputNumber min={0.5} step={0.5} style={{ width: 160 }} suffix="学时" />
      </Form.Item>
      <Form.Item
        name="completedOn"
        label="完成日期"
        rules={[
          { required: true, message: '请选择完成日期' },
          {
            validator: (_, v: Dayjs | undefined) =>
              !v || v.year() === year
                ? Promise.resolve()
                : Promise.reject(new Error(`完成日期须在 ${year} 年度内`)),
          },
        ]}
      >
        <DatePicker aria-label="完成日期" />
      </Form.Item>
      <Form.Item label={null}>
        <Button type="primary" htmlType="submit" loading={busy}>
          登记学员
        </Button>
      </Form.Item>
    </Form>
  );
}
