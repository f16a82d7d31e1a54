/**
 * Running the check plan against the lab in-process: one lab per test file, faults switched
 * at run time through the lab's control endpoint (POST /faults), the lab's own profile
 * files and CA file, and its secrets in a small in-memory SecretStore (the store is not
 * what these tests are about; the checks read it through the same interface as the agent's).
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { readCaFile } from '../../../agent/checks/ca-file.js';
import { checkPlan, type CheckRequest } from '../../../agent/checks/check-plan.js';
import { runChecks } from '../../../agent/checks/runner.js';
import type { SecretBackendInfo, SecretRef, SecretStore } from '../../../agent/secrets/secret-store.js';
import { checkReportSchema, type CheckReport, type CheckResult } from '../../../src/checks/check-report.js';
import type { Profile } from '../../../src/profiles/profile-schema.js';
import { validateProfile } from '../../../src/profiles/validate-profile.js';
import type { RunningLab } from '../../../fixtures/lab/lab.js';

export class MemorySecretStore implements SecretStore {
  readonly backend: SecretBackendInfo = { name: 'vault', reason: 'test', writable: true };
  readonly #values = new Map<string, string>();
  #key(ref: SecretRef): string { return `${ref.profile}\u0000${ref.field}`; }
  set(ref: SecretRef, value: string): Promise<void> { this.#values.set(this.#key(ref), value); return Promise.resolve(); }
  get(ref: SecretRef): Promise<string | undefined> { return Promise.resolve(this.#values.get(this.#key(ref))); }
  has(ref: SecretRef): Promise<boolean> { return Promise.resolve(this.#values.has(this.#key(ref))); }
  delete(ref: SecretRef): Promise<boolean> { return Promise.resolve(this.#values.delete(this.#key(ref))); }
  list(profile: string): Promise<string[]> { return Promise.resolve([...this.#values.keys()].filter((k) => k.startsWith(`${profile}\u0000`)).map((k) => k.split('\u0000')[1] ?? '')); }
  close(): Promise<void> { return Promise.resolve(); }
}

/** The lab's profile by name, parsed with the profile rules, and a store holding its secrets. */
export async function labProfile(lab: RunningLab, name: 'lab-onprem' | 'lab-online', edit: (input: Record<string, unknown>) => Record<string, unknown> = (p) => p): Promise<{ profile: Profile; secrets: MemorySecretStore }> {
  const entry = lab.document.profiles.find((p) => p.name === name);
  if (!entry) throw new Error(`lab has no profile ${name}`);
  const input = edit(JSON.parse(fs.readFileSync(entry.file, 'utf8')) as Record<string, unknown>);
  const validation = validateProfile(input);
  if (!validation.profile) throw new Error(`lab profile ${name} invalid: ${JSON.stringify(validation.issues)}`);
  const secrets = new MemorySecretStore();
  for (const [field, value] of Object.entries(entry.secrets)) await secrets.set({ profile: name, field }, value);
  return { profile: validation.profile, secrets };
}

export async function setFaults(lab: RunningLab, active: readonly string[]): Promise<void> {
  const res = await fetch(`${lab.document.control}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active }) });
  expect(res.status).toBe(200);
}

export interface LabRun {
  report: CheckReport;
  byId: Record<string, CheckResult>;
}

/** Runs the plan for a profile (its tls.caFile trusted as the profile's) and validates the report. */
export async function runLabChecks(profile: Profile, secrets: SecretStore, extra: Partial<CheckRequest> = {}, timeoutMs = 5_000): Promise<LabRun> {
  const caFile = profile.tls.caFile ? readCaFile(profile.tls.caFile, 'tls.caFile') : undefined;
  const plan = checkPlan({ profile, secrets, ...(caFile ? { caFile } : {}), timeoutMs, ...extra });
  const report = await runChecks(plan.definitions, { target: plan.target, timeoutMs });
  expect(checkReportSchema.safeParse(report).error).toBeUndefined();
  return { report, byId: Object.fromEntries(report.checks.map((c) => [c.id, c])) };
}

/** "id status code" per check that did not pass, for readable failure messages. */
export function notPassing(report: CheckReport): string[] {
  return report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status} ${c.diagnosis?.code ?? ''} ${c.summary}`);
}
