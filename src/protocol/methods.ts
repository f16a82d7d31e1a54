/**
 * The method table: every method the agent serves, with the zod schemas of its params
 * and result. The agent validates requests and results against it; AgentClient uses it
 * for its types and to validate answers. Adding a method is adding a row; within
 * protocol 1 changes are additive only (new methods, new optional params, new fields).
 */
import type { z } from 'zod';
import { diagnosisDocumentSchema } from '../diagnosis/diagnosis-document.js';
import { diagnoseExplainParamsSchema } from '../diagnosis/explain-params.js';
import {
  checksCancelParamsSchema, checksCancelResultSchema, checksReportParamsSchema, checksReportResultSchema,
  checksRunParamsSchema, checksRunResultSchema,
} from '../checks/check-run-schemas.js';
import { AgentStatusSchema, EmptyParamsSchema, HelloParamsSchema, HelloResultSchema } from './schemas/agent-schemas.js';
import {
  ItemsChangesParamsSchema, ItemsChangesResultSchema, ItemsDeleteParamsSchema, ItemsDeleteResultSchema, ItemsListParamsSchema, ItemsListResultSchema,
  ItemsUpsertParamsSchema, ItemsUpsertResultSchema,
} from './schemas/item-schemas.js';
import {
  SyncConflictsParamsSchema, SyncConflictsResultSchema, SyncRunParamsSchema, SyncRunResultSchema, SyncSettingsParamsSchema, SyncSettingsResultSchema,
  SyncStatusParamsSchema, SyncStatusResultSchema,
} from './schemas/sync-schemas.js';
import { SyncHistoryParamsSchema, SyncHistoryResultSchema, SyncOverviewParamsSchema, SyncOverviewResultSchema } from './schemas/sync-overview-schemas.js';
import { AgentLogsParamsSchema, AgentLogsResultSchema } from './schemas/log-schemas.js';
import { SubscribeParamsSchema, SubscribeResultSchema, UnsubscribeParamsSchema, UnsubscribeResultSchema } from './schemas/event-schemas.js';
import {
  ProfileByNameParamsSchema,
  ProfileDeleteParamsSchema,
  ProfileDeleteResultSchema,
  ProfileInputParamsSchema,
  ProfilePutResultSchema,
  ProfileResultSchema,
  ProfileValidateResultSchema,
  ProfilesListResultSchema,
} from './schemas/profile-schemas.js';
import {
  SecretDeleteResultSchema,
  SecretHasResultSchema,
  SecretListParamsSchema,
  SecretListResultSchema,
  SecretRefParamsSchema,
  SecretSetParamsSchema,
  SecretSetResultSchema,
} from './schemas/secret-schemas.js';

export interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
  /** One line for `--help` style listings and the agent's method list. */
  summary: string;
  /** True when the method changes state (profiles, secrets); read-only otherwise. */
  mutating: boolean;
}

export const METHODS = {
  'agent.hello': { params: HelloParamsSchema, result: HelloResultSchema, mutating: false, summary: 'protocol version handshake' },
  'agent.status': { params: EmptyParamsSchema, result: AgentStatusSchema, mutating: false, summary: 'uptime, versions, store, secret backend, profiles, jobs' },
  'profiles.list': { params: EmptyParamsSchema, result: ProfilesListResultSchema, mutating: false, summary: 'summaries of every profile' },
  'profiles.get': { params: ProfileByNameParamsSchema, result: ProfileResultSchema, mutating: false, summary: 'one profile, without secrets' },
  'profiles.put': { params: ProfileInputParamsSchema, result: ProfilePutResultSchema, mutating: true, summary: 'create or replace a profile after validation' },
  'profiles.delete': { params: ProfileDeleteParamsSchema, result: ProfileDeleteResultSchema, mutating: true, summary: 'remove a profile and (unless keepSecrets) its secrets' },
  'profiles.setDefault': { params: ProfileByNameParamsSchema, result: ProfileResultSchema, mutating: true, summary: 'mark one profile the default, clearing the others (MEM-2)' },
  'profiles.validate': { params: ProfileInputParamsSchema, result: ProfileValidateResultSchema, mutating: false, summary: 'validate a profile without saving it' },
  'secrets.set': { params: SecretSetParamsSchema, result: SecretSetResultSchema, mutating: true, summary: 'store a secret (values go in, never out)' },
  'secrets.has': { params: SecretRefParamsSchema, result: SecretHasResultSchema, mutating: false, summary: 'whether a secret is stored' },
  'secrets.list': { params: SecretListParamsSchema, result: SecretListResultSchema, mutating: false, summary: 'names of the secrets stored for a profile' },
  'secrets.delete': { params: SecretRefParamsSchema, result: SecretDeleteResultSchema, mutating: true, summary: 'remove a secret' },
  'events.subscribe': { params: SubscribeParamsSchema, result: SubscribeResultSchema, mutating: false, summary: 'snapshot, then change notifications' },
  'diagnose.explain': { params: diagnoseExplainParamsSchema, result: diagnosisDocumentSchema, mutating: false, summary: 'explain an error code, message or log excerpt (the diagnosis KB)' },
  'checks.run': { params: checksRunParamsSchema, result: checksRunResultSchema, mutating: false, summary: 'start the connection checks of a profile or an ad-hoc server; returns a run id, streams run.progress and run.finished' },
  'checks.report': { params: checksReportParamsSchema, result: checksReportResultSchema, mutating: false, summary: 'the report of a check run (waits for a run still going)' },
  'checks.cancel': { params: checksCancelParamsSchema, result: checksCancelResultSchema, mutating: false, summary: 'cancel a running check run' },
  'events.unsubscribe': { params: UnsubscribeParamsSchema, result: UnsubscribeResultSchema, mutating: false, summary: "end one of this connection's subscriptions" },
  'items.upsert': { params: ItemsUpsertParamsSchema, result: ItemsUpsertResultSchema, mutating: true, summary: "create or replace the application's items (appointments, service calls, contacts, to-dos)" },
  'items.delete': { params: ItemsDeleteParamsSchema, result: ItemsDeleteResultSchema, mutating: true, summary: 'delete items by local id (tombstones the next sync carries to Exchange)' },
  'items.list': { params: ItemsListParamsSchema, result: ItemsListResultSchema, mutating: false, summary: "the application's items of a profile, optionally by kind or mailbox" },
  'items.changes': { params: ItemsChangesParamsSchema, result: ItemsChangesResultSchema, mutating: false, summary: 'items changed since a cursor (deletes included), oldest first' },
  'sync.run': { params: SyncRunParamsSchema, result: SyncRunResultSchema, mutating: true, summary: 'start (or join) a sync of a profile; returns a run id, streams sync.progress and sync.finished' },
  'sync.settings': { params: SyncSettingsParamsSchema, result: SyncSettingsResultSchema, mutating: true, summary: "read or change a profile's conflict policy and mass-delete guard" },
  'sync.conflicts': { params: SyncConflictsParamsSchema, result: SyncConflictsResultSchema, mutating: false, summary: 'the audit of decided sync conflicts, newest first' },
  'sync.status': { params: SyncStatusParamsSchema, result: SyncStatusResultSchema, mutating: false, summary: 'per staff member the last sync attempt and result (EX-15)' },
  'sync.overview': { params: SyncOverviewParamsSchema, result: SyncOverviewResultSchema, mutating: false, summary: 'per profile the last finished sync run, the next scheduled run and whether one is running' },
  'agent.logs': { params: AgentLogsParamsSchema, result: AgentLogsResultSchema, mutating: false, summary: "the agent's recent log records (scrubbed of secrets), after a cursor and from a level; live ones follow as log.record on topic logs" },
  'sync.history': { params: SyncHistoryParamsSchema, result: SyncHistoryResultSchema, mutating: false, summary: 'stored sync runs, newest first, of one profile or all' },
} as const satisfies Record<string, MethodSpec>;

export type MethodTable = typeof METHODS;
export type MethodName = keyof MethodTable;
/** What a caller passes (defaults optional). */
export type ParamsOf<M extends MethodName> = z.input<MethodTable[M]['params']>;
/** What the handler receives after validation. */
export type ValidParamsOf<M extends MethodName> = z.output<MethodTable[M]['params']>;
/** What a handler returns, before the result schema strips and checks it. */
export type ResultInputOf<M extends MethodName> = z.input<MethodTable[M]['result']>;
/** What a caller receives. */
export type ResultOf<M extends MethodName> = z.output<MethodTable[M]['result']>;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}
