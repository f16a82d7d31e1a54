// The pure scheduling rules of the check runner (#4): maximum parallelism, skips that
// name the blocking check and the root cause, and graph validation.
import { describe, expect, it } from 'vitest';
import { planNext, validateCheckGraph, type GraphNode, type NodeState } from '../../agent/checks/check-graph.js';
import type { CheckId } from '../../src/checks/check-ids.js';
import { InternalError } from '../../src/errors/operator-error.js';

const GRAPH: GraphNode[] = [
  { id: 'dns.resolve', dependsOn: [] },
  { id: 'tcp.80', dependsOn: ['dns.resolve'] },
  { id: 'tcp.443', dependsOn: ['dns.resolve'] },
  { id: 'tcp.2610', dependsOn: ['dns.resolve'] },
  { id: 'tls.handshake', dependsOn: ['tcp.443', 'tcp.2610'] },
  { id: 'tls.trust', dependsOn: ['tls.handshake'] },
  { id: 'http.redirect', dependsOn: ['tcp.80'] },
];

function states(entries: Partial<Record<CheckId, NodeState>>): Map<CheckId, NodeState> {
  return new Map(GRAPH.map((n) => [n.id, entries[n.id] ?? { phase: 'pending' }]));
}
const done = (status: 'pass' | 'warn' | 'fail' | 'skip'): NodeState => ({ phase: 'done', status });

describe('planNext', () => {
  it('starts only the roots first', () => {
    expect(planNext(GRAPH, states({}))).toEqual({ start: ['dns.resolve'], skip: [] });
  });

  it('starts every check whose dependencies passed or warned, all at once', () => {
    const plan = planNext(GRAPH, states({ 'dns.resolve': done('pass') }));
    expect(plan.start).toEqual(['tcp.80', 'tcp.443', 'tcp.2610']);
  });

  it('treats warn as passable', () => {
    const plan = planNext(GRAPH, states({ 'dns.resolve': done('pass'), 'tcp.80': done('warn'), 'tcp.443': { phase: 'running' }, 'tcp.2610': { phase: 'running' } }));
    expect(plan.start).toEqual(['http.redirect']);
  });

  it('waits for all dependencies', () => {
    const plan = planNext(GRAPH, states({ 'dns.resolve': done('pass'), 'tcp.80': { phase: 'running' }, 'tcp.443': done('pass'), 'tcp.2610': { phase: 'running' } }));
    expect(plan.start).toEqual([]);
  });

  it('skips dependants of a failure transitively, naming the blocker and the root cause', () => {
    const plan = planNext(GRAPH, states({ 'dns.resolve': done('pass'), 'tcp.80': done('pass'), 'tcp.443': done('fail'), 'tcp.2610': done('pass') }));
    expect(plan.skip).toEqual([
      { id: 'tls.handshake', blockedBy: 'tcp.443', rootCause: 'tcp.443' },
      { id: 'tls.trust', blockedBy: 'tls.handshake', rootCause: 'tcp.443' },
    ]);
    expect(plan.start).toEqual(['http.redirect']);
  });

  it('skips everything under a failed root', () => {
    const plan = planNext(GRAPH, states({ 'dns.resolve': done('fail') }));
    expect(plan.start).toEqual([]);
    expect(plan.skip.map((s) => s.id).sort()).toEqual(GRAPH.slice(1).map((n) => n.id).sort());
    expect(new Set(plan.skip.map((s) => s.rootCause))).toEqual(new Set(['dns.resolve']));
  });
});

describe('validateCheckGraph', () => {
  it('accepts the network graph', () => {
    expect(() => validateCheckGraph(GRAPH)).not.toThrow();
  });
  it('refuses duplicates, unknown dependencies and cycles as internal errors', () => {
    expect(() => validateCheckGraph([...GRAPH, { id: 'tcp.80', dependsOn: [] }])).toThrow(/duplicate check id tcp.80/);
    expect(() => validateCheckGraph([{ id: 'tls.trust', dependsOn: ['tls.handshake'] }])).toThrow(/not in this run/);
    const cyclic: GraphNode[] = [
      { id: 'tls.trust', dependsOn: ['tls.hostname'] },
      { id: 'tls.hostname', dependsOn: ['tls.trust'] },
    ];
    expect(() => validateCheckGraph(cyclic)).toThrow(InternalError);
    expect(() => validateCheckGraph(cyclic)).toThrow(/cycle tls.trust → tls.hostname → tls.trust/);
  });
});
