import { Select, Space, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api, type PersonSummary, useQuery } from '../../api';
import { useUser } from '../../auth/auth';

export interface PersonChoice {
  /** The person whose records the page shows (null: a unit admin who has not picked one yet). */
  readonly personId: string | null;
  /** True when the user acts for someone of their unit rather than for themselves. */
  readonly onBehalf: boolean;
  readonly persons: readonly PersonSummary[];
  readonly loadingPersons: boolean;
  select(personId: string): void;
}

/**
 * Whose year the page is about: a professional's own, or — for a unit admin — a person of their
 * unit, kept in the URL (`?personId=`) so links and reloads keep the choice.
 */
export function usePersonChoice(): PersonChoice {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const actsForUnit = user.roles.includes('unit_admin');
  const persons = useQuery(actsForUnit ? `persons:${user.orgId}` : null, (signal) =>
    api.get<{ items: PersonSummary[] }>('/api/v1/persons', { query: { unitId: user.orgId }, signal }),
  );
  const chosen = params.get('personId');
  const personId = chosen ?? user.personId ?? null;
  const select = useCallback(
    (id: string) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('personId', id);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return {
    personId,
    onBehalf: personId !== null && personId !== user.personId,
    persons: persons.data?.items ?? [],
    loadingPersons: persons.loading,
    select,
  };
}

/** The person picker of a unit admin (nothing for a professional acting for themselves). */
export function PersonPicker({ choice }: { readonly choice: PersonChoice }) {
  const user = useUser();
  const options = useMemo(() => {
    const list = choice.persons.map((p) => ({ value: p.id, label: `${p.name}（${p.idNumberMasked}）` }));
    if (user.personId && !list.some((o) => o.value === user.personId)) {
      list.unshift({ value: user.personId, label: '本人' });
    }
    return list;
  }, [choice.persons, user.personId]);
  if (!user.roles.includes('unit_admin')) return null;
  return (
    <Space>
      <Typography.Text id="person-picker-label">代办人员</Typography.Text>
      <Select
        aria-labelledby="person-picker-label"
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 260 }}
        placeholder="选择本单位专业技术人员"
        loading={choice.loadingPersons}
        value={choice.personId ?? undefined}
        options={options}
        onChange={(id: string) => choice.select(id)}
        notFoundContent="本单位暂无人员"
      />
    </Space>
  );
}

/** The year to show: `?year=`, else the system's current training year. */
export function useYearChoice(): {
  year: number;
  /** False while the default year is still being worked out (do not load with a guess). */
  ready: boolean;
  setYear(year: number): void;
} {
  const [params, setParams] = useSearchParams();
  // The system's training year (its clock may run in another year than the browser's, e.g. a 2020 demo).
  const clock = useQuery('clock', (signal) => api.get<{ year: number }>('/api/v1/clock', { signal }));
  const fromUrl = Number(params.get('year'));
  const year = fromUrl >= 2000 ? fromUrl : (clock.data?.year ?? new Date().getFullYear());
  const setYear = useCallback(
    (next: number) =>
      setParams(
        (prev) => {
          const copy = new URLSearchParams(prev);
          copy.set('year', String(next));
          return copy;
        },
        { replace: true },
      ),
    [setParams],
  );
  const ready = fromUrl >= 2000 || clock.data !== undefined || clock.error !== null;
  return { year, ready, setYear };
}

/** Query string that carries the person choice over to another page of the area. */
export function personQuery(choice: PersonChoice, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  if (choice.onBehalf && choice.personId) params.set('personId', choice.personId);
  for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}
