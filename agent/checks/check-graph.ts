/**
 * The pure half of the runner: validating a check graph and deciding, from the states of
 * the checks, which to start and which to skip next. No timers, no sockets — the runner
 * (runner.ts) calls this after every change, which keeps the scheduling rules unit-testable.
 *
 * Rules: a check starts as soon as every dependency finished with pass or warn (maximum
 * parallelism); a check whose dependency failed or was skipped is skipped, naming the
 * dependency that blocked it and the failure at the root ("the first failure is the root
 * cause", diagnostics.md §5).
 */
import { InternalError } from '../../src/errors/operator-error.js';
import type { CheckStatus } from '../../src/checks/check-report.js';
import type { CheckId } from '../../src/checks/check-ids.js';

export interface GraphNode {
  readonly id: CheckId;
  readonly dependsOn: readonly CheckId[];
}

export type NodeState =
  | { readonly phase: 'pending' }
  | { readonly phase: 'running' }
  | { readonly phase: 'done'; readonly status: CheckStatus; readonly rootCause?: CheckId };

export interface PlannedSkip {
  readonly id: CheckId;
  /** The direct dependency that did not pass. */
  readonly blockedBy: CheckId;
  /** The failed check at the start of the chain of skips. */
  readonly rootCause: CheckId;
}

export interface Plan {
  readonly start: readonly CheckId[];
  readonly skip: readonly PlannedSkip[];
}

const BLOCKING: ReadonlySet<CheckStatus> = new Set(['fail', 'skip']);

/** Throws InternalError for duplicate ids, unknown dependencies and cycles: those are our bugs. */
export function validateCheckGraph(nodes: readonly GraphNode[]): void {
  const ids = new Set<CheckId>();
  for (const node of nodes) {
    if (ids.has(node.id)) throw new InternalError(`check graph: duplicate check id ${node.id}`);
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      if (!ids.has(dep)) throw new InternalError(`check graph: ${node.id} depends on ${dep}, which is not in this run`);
    }
  }
  const cycle = findCycle(nodes);
  if (cycle) throw new InternalError(`check graph: dependency cycle ${cycle.join(' → ')}`);
}

function findCycle(nodes: readonly GraphNode[]): CheckId[] | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const visiting = new Set<CheckId>();
  const visited = new Set<CheckId>();
  const visit = (id: CheckId, path: CheckId[]): CheckId[] | undefined => {
    if (visiting.has(id)) return [...path.slice(path.indexOf(id)), id];
    if (visited.has(id)) return undefined;
    visiting.add(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      const found = visit(dep, [...path, id]);
      if (found) return found;
    }
    visiting.delete(id);
    visited.add(id);
    return undefined;
  };
  for (const node of nodes) {
    const found = visit(node.id, []);
    if (found) return found;
  }
  return undefined;
}

/**
 * The next scheduling step. Skips cascade within one call (a skipped check blocks its own
 * dependants at once), so the caller applies `skip`, starts `start`, and calls again only
 * when a running check finishes.
 */
export function planNext(nodes: readonly GraphNode[], states: ReadonlyMap<CheckId, NodeState>): Plan {
  const local = new Map(states);
  const start: CheckId[] = [];
  const skip: PlannedSkip[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of nodes) {
      if (local.get(node.id)?.phase !== 'pending') continue;
      const blocker = node.dependsOn.find((dep) => {
        const state = local.get(dep);
        return state?.phase === 'done' && BLOCKING.has(state.status);
      });
      if (blocker !== undefined) {
        const blockerState = local.get(blocker) as Extract<NodeState, { phase: 'done' }>;
        const rootCause = blockerState.rootCause ?? blocker;
        skip.push({ id: node.id, blockedBy: blocker, rootCause });
        local.set(node.id, { phase: 'done', status: 'skip', rootCause });
        changed = true;
      }
    }
  }
  for (const node of nodes) {
    if (local.get(node.id)?.phase !== 'pending') continue;
    if (node.dependsOn.every((dep) => local.get(dep)?.phase === 'done')) start.push(node.id);
  }
  return { start, skip };
}
