/**
 * Column layout for the console's tables: every column has a priority and a minimum
 * width; when the terminal is narrow the lowest-priority columns go first, then the
 * flexible ones shrink to their minimum. Pure, so it is tested without rendering.
 */
export interface ColumnSpec {
  key: string;
  header: string;
  /** Lower is more important; priority 0 columns are never dropped. */
  priority: number;
  min: number;
  /** Preferred width; the column never grows past it. */
  max: number;
}

export interface LaidOutColumn extends ColumnSpec {
  width: number;
}

const GAP = 1;

export function layoutColumns(columns: readonly ColumnSpec[], width: number, marker = 2): LaidOutColumn[] {
  let kept = [...columns];
  const total = (cols: readonly ColumnSpec[], pick: (c: ColumnSpec) => number): number =>
    marker + cols.reduce((sum, c) => sum + pick(c), 0) + GAP * Math.max(0, cols.length - 1);
  while (kept.length > 1 && total(kept, (c) => c.min) > width) {
    const drop = kept.reduce((worst, c) => (c.priority > worst.priority ? c : worst));
    if (drop.priority === 0) break;
    kept = kept.filter((c) => c !== drop);
  }
  const widths = kept.map((c) => c.min);
  let spare = width - total(kept, (c) => c.min);
  // Give spare room to the most important columns first, up to their preferred width.
  const order = kept.map((c, i) => ({ c, i })).sort((a, b) => a.c.priority - b.c.priority);
  for (const { c, i } of order) {
    if (spare <= 0) break;
    const grow = Math.min(spare, c.max - c.min);
    widths[i] = (widths[i] ?? c.min) + grow;
    spare -= grow;
  }
  return kept.map((c, i) => ({ ...c, width: widths[i] ?? c.min }));
}
