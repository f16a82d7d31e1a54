/**
 * The content hash of an item's synced fields: canonical JSON (sorted keys, undefined and
 * empty values dropped, instants normalised to UTC milliseconds) through SHA-256. A change
 * is real only when the hash changes, so change-key churn from server-side touches
 * (reminders, read flags) never looks like an edit (vdirsyncer's `is_changed`).
 */
import { createHash } from 'node:crypto';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v) && v.length === 0) continue;
      out[key] = canonical(v);
    }
    return out;
  }
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return value;
}

export function canonicalData(data: unknown): Record<string, unknown> {
  return canonical(data) as Record<string, unknown>;
}

export function contentHash(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(data))).digest('hex');
}

/** The fields of `next` that differ from `base` (for a partial update that leaves the rest alone). */
export function changedFields(base: Record<string, unknown> | undefined, next: Record<string, unknown>): Record<string, unknown> {
  const a = canonicalData(base ?? {});
  const b = canonicalData(next);
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out[key] = next[key] ?? (typeof a[key] === 'string' ? '' : null);
  }
  return out;
}
