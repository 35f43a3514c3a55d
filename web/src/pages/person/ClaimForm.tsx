import { AutoComplete, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { ApiError, type ClaimFields, type ClaimKind, KIND_LABELS, type Subject } from '../../api';
import {
  ACHIEVEMENT_LEVELS,
  ACHIEVEMENT_TYPES,
  ASSESSMENTS,
  KINDS_BY_SUBJECT,
  KIND_FORMS,
  STUDY_TYPES,
} from './claim-kinds';

/** What the form holds; turned into the API's fields by `toClaimFields`. */
export interface ClaimFormValues {
  subject: Subject;
  kind: ClaimKind;
  title: string;
  organizer?: string;
  range?: [Dayjs, Dayjs];
  date?: Dayjs;
  place?: string;
  studyType?: string;
  assessment?: string;
  achievementType?: string;
  achievementLevel?: string;
  hours: number;
  certificateNo?: string;
  makeUpForYear?: number;
}

const DATE = 'YYYY-MM-DD';

const filled = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** The API's claim fields: only those the kind has, optional ones only when filled. */
export function toClaimFields(values: ClaimFormValues): ClaimFields {
  const form = KIND_FORMS[values.kind];
  const [start, end] =
    form.dates.mode === 'range' && values.range
      ? values.range
      : [values.date ?? dayjs(), values.date ?? dayjs()];
  const optional: Record<string, string | number | undefined> = {
    organizer: form.organizer ? filled(values.organizer) : undefined,
    place: form.place ? filled(values.place) : undefined,
    studyType: form.studyType ? filled(values.studyType) : undefined,
    assessment: form.assessment ? filled(values.assessment) : undefined,
    achievementType: form.achievementType ? filled(values.achievementType) : undefined,
    achievementLevel: form.achievementLevel ? filled(values.achievementLevel) : undefined,
    certificateNo: filled(values.certificateNo),
    makeUpForYear: values.makeUpForYear ?? undefined,
  };
  return {
    subject: values.subject,
    kind: values.kind,
    title: values.title.trim(),
    startDate: start.format(DATE),
    endDate: end.format(DATE),
    hours: values.hours,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** The form's values for a claim being corrected after a return. */
export function fromClaimFields(claim: ClaimFields): ClaimFormValues {
  const form = KIND_FORMS[claim.kind];
  return {
    subject: claim.subject,
    kind: claim.kind,
    title: claim.title,
    ...(claim.organizer ? { organizer: claim.organizer } : {}),
    ...(form.dates.mode === 'range'
      ? { range: [dayjs(claim.startDate), dayjs(claim.endDate)] as [Dayjs, Dayjs] }
      : { date: dayjs(claim.endDate) }),
    ...(claim.place ? { place: claim.place } : {}),
    ...(claim.studyType ? { studyType: claim.studyType } : {}),
    ...(claim.assessment ? { assessment: claim.assessment } : {}),
    ...(claim.achievementType ? { achievementType: claim.achievementType } : {}),
    ...(claim.achievementLevel ? { achievementLevel: claim.achievementLevel } : {}),
    hours: claim.hours,
    ...(claim.certificateNo ? { certificateNo: claim.certificateNo } : {}),
    ...(claim.makeUpForYear ? { makeUpForYear: claim.makeUpForYear } : {}),
  };
}

/** API field names → the form's, to put a 422's field errors next to their inputs. */
const FIELD_OF: Record<string, keyof ClaimFormValues> = {
  startDate: 'range',
  endDate: 'range',
};

interface ClaimFormProps {
  readonly initial?: ClaimFormValues;
  readonly submitLabel: string;
  readonly submitting: boolean;
  /** Field errors of the last refused submission. */
  readonly error: ApiError | null;
  onSubmit(values: ClaimFormValues): void;
  onCancel?(): void;
}

const suggestions = (values: readonly string[]) => values.map((value) => ({ value }));

/** 学时登记 form (附件2): the kind drives which fields are asked and what they are called. */
export function ClaimForm({ initial, submitLabel, submitting, error, onSubmit, onCancel }: ClaimFormProps) {
  const [form] = Form.useForm<ClaimFormValues>();
  const subject = Form.useWatch('subject', form) ?? initial?.subject ?? 'public';
  const kind = Form.useWatch('kind', form) ?? initial?.kind ?? 'training';
  const spec = KIND_FORMS[kind];
  const kinds = KINDS_BY_SUBJECT[subject];

  useEffect(() => {
    if (!kinds.includes(kind)) form.setFieldValue('kind', kinds[0]);
  }, [form, kind, kinds]);

  useEffect(() => {
    if (!error) return;
    const fields = error.fieldErrors
      .map((e) => ({ name: FIELD_OF[e.field] ?? (e.field as keyof ClaimFormValues), errors: [e.message] }))
      .filter(
        (f) => form.getFieldInstance(f.name) !== undefined || f.name in (form.getFieldsValue(true) as object),
      );
    if (fields.length > 0) form.setFields(fields);
  }, [error, form]);

  const dateRules = [{ required: true, message: `请选择${spec.dates.label}` }];
  return (
    <Form<ClaimFormValues>
      form={form}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 14 }}
      initialValues={initial ?? { subject: 'public', kind: 'training', hours: undefined }}
      onFinish={onSubmit}
      scrollToFirstError
    >
      <Form.Item label="科目类别" name="subject" rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'public', label: '公需科目' },
            { value: 'professional', label: '专业科目' },
          ]}
        />
      </Form.Item>
      <Form.Item label="登记类型" name="kind" rules={[{ required: true, message: '请选择登记类型' }]}>
        <Select options={kinds.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
      </Form.Item>
      <Form.Item
        label={spec.title}
        name="title"
        rules={[{ required: true, whitespace: true, message: `请填写${spec.title}` }, { max: 300 }]}
      >
        <Input maxLength={300} />
      </Form.Item>
      {spec.organizer && (
        <Form.Item label={spec.organizer} name="organizer" rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      {spec.dates.mode === 'range' ? (
        <Form.Item label={spec.dates.label} name="range" rules={dateRules}>
          <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} />
        </Form.Item>
      ) : (
        <Form.Item label={spec.dates.label} name="date" rules={dateRules}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      )}
      {spec.place && (
        <Form.Item label={spec.place} name="place" rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      {spec.studyType && (
        <Form.Item label={spec.studyType} name="studyType" rules={[{ max: 100 }]}>
          <AutoComplete options={suggestions(STUDY_TYPES)} />
        </Form.Item>
      )}
      {spec.assessment && (
        <Form.Item label={spec.assessment} name="assessment" rules={[{ max: 100 }]}>
          <AutoComplete options={suggestions(ASSESSMENTS)} />
        </Form.Item>
      )}
      {spec.achievementType && (
        <Form.Item label={spec.achievementType} name="achievementType" rules={[{ max: 100 }]}>
          <AutoComplete options={suggestions(ACHIEVEMENT_TYPES)} />
        </Form.Item>
      )}
      {spec.achievementLevel && (
        <Form.Item label={spec.achievementLevel} name="achievementLevel" rules={[{ max: 100 }]}>
          <AutoComplete options={suggestions(ACHIEVEMENT_LEVELS)} />
        </Form.Item>
      )}
      <Form.Item
        label="学时"
        name="hours"
        rules={[
          { required: true, message: '请填写学时' },
          {
            validator: (_, value: number | null | undefined) =>
              value === null ||
              value === undefined ||
              (value > 0 && value <= 120 && Number.isInteger(value * 2))
                ? Promise.resolve()
                : Promise.reject(new Error('学时须为 0.5 的整数倍，且不超过 120')),
          },
        ]}
      >
        <InputNumber<number> min={0.5} max={120} step={0.5} style={{ width: 160 }} suffix="学时" />
      </Form.Item>
      <Form.Item label="证书编号" name="certificateNo" rules={[{ max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        label="补学年度"
        name="makeUpForYear"
        extra="补学以前年度的学时时填写（须早于结束日期所在年度）"
      >
        <InputNumber<number> min={2000} max={2100} style={{ width: 160 }} placeholder="如 2019" />
      </Form.Item>
      <Form.Item wrapperCol={{ offset: 5, span: 14 }}>
        <Space>
          <Button type="primary" htmlType="submit" loading={submitting}>
            {submitLabel}
          </Button>
          {onCancel && <Button onClick={onCancel}>取消</Button>}
        </Space>
      </Form.Item>
    </Form>
  );
}
