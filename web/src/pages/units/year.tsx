import { Select, Space, Typography } from 'antd';
import { useCallback, useId } from 'react';
import { useSearchParams } from 'react-router';
import { useServerYear, yearOptions } from './server-year';

/**
 * The year a page shows, kept in the address (`?year=`) so that a link or a reload shows the same;
 * the server's current year when the address names none (null until that is known).
 */
export function useYearParam(): [number | null, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const serverYear = useServerYear();
  const raw = Number(params.get('year'));
  const year = Number.isInteger(raw) && raw >= 2000 && raw <= 2100 ? raw : serverYear;
  const setYear = useCallback(
    (next: number) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          copy.set('year', String(next));
          return copy;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [year, setYear];
}

/** A labelled year picker. */
export function YearSelect({
  value,
  onChange,
  label = '年度',
}: {
  readonly value: number | null;
  readonly onChange: (year: number) => void;
  readonly label?: string;
}) {
  const id = useId();
  const serverYear = useServerYear();
  const base = serverYear ?? value ?? new Date().getFullYear();
  const options = yearOptions(base);
  if (value !== null && !options.some((o) => o.value === value)) options.push({ value, label: `${value}年` });
  return (
    <Space>
      <Typography.Text>
        <label htmlFor={id}>{label}</label>
      </Typography.Text>
      <Select
        id={id}
        aria-label={label}
        value={value ?? undefined}
        loading={value === null}
        options={options}
        onChange={onChange}
        style={{ width: 110 }}
      />
    </Space>
  );
}
