import { Input, InputNumber, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { type Draft, type DraftRow, MAX_NOTE_LENGTH, cellPath, withCell, withNote } from './checks';
import { COUNT_KEYS, FORM_LABELS, MAJOR_STRATEGY_GROUPS, type StatisticsForm, YEAR_KEYS } from './forms';

interface Props {
  readonly form: StatisticsForm;
  readonly draft: Draft;
  /** Absent: the table only shows the figures. */
  readonly onChange?: (draft: Draft) => void;
  /** Problems by path (`rows[3].thisYear.total`): client checks and the server's field errors. */
  readonly problems?: ReadonlyMap<string, string>;
}

interface Line extends DraftRow {
  readonly index: number;
}

const errorId = (path: string): string => `stat-error-${path.replace(/[^a-zA-Z0-9]/g, '-')}`;

/** Rows each 附件4 group spans, keyed by the index of its first row. */
function groupSpans(): Map<number, number> {
  const spans = new Map<number, number>();
  let at = 0;
  for (const g of MAJOR_STRATEGY_GROUPS) {
    spans.set(at, g.fields.length);
    at += g.fields.length;
  }
  return spans;
}

/**
 * 附件3 / 附件4 laid out as the notice prints them: one row per field (附件4 grouped), this year's
 * and next year's columns, 备注; editable cell by cell, each with its own label and error.
 */
export function StatisticsTable({ form, draft, onChange, problems }: Props) {
  const labels = FORM_LABELS[form];
  const keys = COUNT_KEYS[form];
  const lines: Line[] = draft.rows.map((row, index) => ({ ...row, index }));
  const spans = groupSpans();

  const countCell = (line: Line, year: (typeof YEAR_KEYS)[number], key: string) => {
    const value = line[year][key] ?? null;
    if (!onChange) return <span>{value ?? 0}</span>;
    const path = cellPath(line.index, year, key);
    const problem = problems?.get(path);
    return (
      <div>
        <InputNumber
          value={value}
          onChange={(v) => onChange(withCell(draft, line.index, year, key, typeof v === 'number' ? v : null))}
          aria-label={`${line.group ? `${line.group}·` : ''}${line.field}·${labels.years[year]}·${labels.counts[key] ?? key}`}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? errorId(path) : undefined}
          status={problem ? 'error' : undefined}
          placeholder="0"
          controls={false}
          style={{ width: '100%' }}
          data-path={path}
        />
        {problem && (
          <Typography.Text type="danger" id={errorId(path)} style={{ fontSize: 12, display: 'block' }}>
            {problem}
          </Typography.Text>
        )}
      </div>
    );
  };

  const yearColumns = YEAR_KEYS.map((year) => ({
    title: labels.years[year],
    key: year,
    children: keys.map((key) => ({
      title: labels.counts[key] ?? key,
      key: `${year}.${key}`,
      width: form === 'knowledge_update' ? 118 : 130,
      align: 'center' as const,
      render: (_: unknown, line: Line) => countCell(line, year, key),
    })),
  }));

  const noteColumn = {
    title: '备注',
    key: 'note',
    width: 160,
    render: (_: unknown, line: Line) => {
      if (!onChange) return line.note || '';
      const path = `rows[${line.index}].note`;
      const problem = problems?.get(path);
      return (
        <div>
          <Input
            value={line.note}
            onChange={(e) => onChange(withNote(draft, line.index, e.target.value))}
            aria-label={`${line.field}·备注`}
            status={problem ? 'error' : undefined}
            maxLength={MAX_NOTE_LENGTH + 20}
          />
          {problem && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {problem}
            </Typography.Text>
          )}
        </div>
      );
    },
  };

  const columns: TableColumnsType<Line> = [
    ...(form === 'major_strategy'
      ? [
          {
            title: '领域分类',
            dataIndex: 'group',
            key: 'group',
            width: 110,
            onCell: (line: Line) => ({ rowSpan: spans.get(line.index) ?? 0 }),
          },
        ]
      : []),
    { title: '领域', dataIndex: 'field', key: 'field', width: 150 },
    ...yearColumns,
    noteColumn,
  ];

  const totals = YEAR_KEYS.flatMap((year) =>
    keys.map((key) =>
      lines.reduce((sum, line) => sum + (Number.isFinite(line[year][key]) ? (line[year][key] ?? 0) : 0), 0),
    ),
  );

  return (
    <Table<Line>
      rowKey="field"
      size="small"
      bordered
      pagination={false}
      dataSource={lines}
      columns={columns}
      scroll={{ x: form === 'knowledge_update' ? 1100 : 1000 }}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={form === 'major_strategy' ? 2 : 1}>
              <Typography.Text strong>合计</Typography.Text>
            </Table.Summary.Cell>
            {totals.map((total, i) => (
              <Table.Summary.Cell key={i} index={i + 1} align="center">
                <Typography.Text strong>{total}</Typography.Text>
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={totals.length + 1} />
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
