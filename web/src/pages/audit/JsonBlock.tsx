import { Typography } from 'antd';

/** A value as indented JSON, scrollable, selectable. */
export function JsonBlock({
  value,
  maxHeight = 360,
}: {
  readonly value: unknown;
  readonly maxHeight?: number;
}) {
  return (
    <pre
      tabIndex={0}
      style={{
        maxHeight,
        overflow: 'auto',
        background: '#fafafa',
        border: '1px solid #f0f0f0',
        borderRadius: 6,
        padding: 12,
        margin: 0,
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
      }}
    >
      <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12 }}>
        {JSON.stringify(value, null, 2)}
      </Typography.Text>
    </pre>
  );
}

/** Plain fields of a state (nested objects to two levels) as `path → value`, for a quick read. */
export function plainFields(value: unknown, limit = 40): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= limit) return;
    if (v === null || typeof v !== 'object') {
      if (path) out.push({ path, value: v === null ? '—' : String(v) });
      return;
    }
    if (Array.isArray(v)) {
      if (path) out.push({ path, value: `（${v.length} 项）` });
      return;
    }
    if (depth >= 2) return;
    for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k, depth + 1);
  };
  walk(value, '', 0);
  return out;
}
