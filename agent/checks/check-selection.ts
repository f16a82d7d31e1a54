/**
 * `checks.run` with `checks: [...]` (issue #6, "re-run one check"): keeps the named checks
 * and everything they depend on, transitively, in the plan's own order, so a re-run of
 * one check still runs the checks whose artifacts it needs (a TLS check needs its TCP
 * connection, auth.* needs every tls.* to pass first). An id the plan does not have is
 * the operator's mistake and says which ids this plan has. Pure.
 */
import { OperatorError } from '../../src/errors/operator-error.js';
import type { CheckPlan } from './check-plan.js';

export function selectChecks(plan: CheckPlan, ids: readonly string[] | undefined): CheckPlan {
  if (ids === undefined) return plan;
  const byId = new Map<string, CheckPlan['definitions'][number]>(plan.definitions.map((d) => [d.id, d]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new OperatorError({
      code: 'MB_CHECK_UNKNOWN_ID', family: 'config', field: 'checks', exitCode: 2,
      message: `checks: no check ${unknown.map((id) => `"${id}"`).join(', ')} in this run`,
      cause: 'Only checks of the plan for this profile or server can be selected; the plan depends on its kind (on-premises or Exchange Online) and ports.',
      fix: [`Use ids of this plan: ${[...byId.keys()].join(', ')}.`, 'Or leave out checks to run them all.'],
    });
  }
  const keep = new Set<string>();
  const visit = (id: string): void => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) visit(dep);
  };
  for (const id of ids) visit(id);
  return { ...plan, definitions: plan.definitions.filter((d) => keep.has(d.id)) };
}
