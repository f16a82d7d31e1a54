/**
 * Every knowledge-base entry, family file by family file. Adding an entry is adding a row
 * to one of these files; the schema test checks them all.
 */
import type { KbEntry } from '../kb-entry.js';
import { AGENT_FINDING_ENTRIES } from './agent-findings.js';
import { AGENT_RUNTIME_ENTRIES } from './agent-runtime-findings.js';
import { AUTH_SCHEME_ENTRIES } from './auth-schemes.js';
import { CHECK_FINDING_ENTRIES } from './check-findings.js';
import { CLI_USAGE_ENTRIES } from './cli-usage-findings.js';
import { DNS_ENTRIES } from './dns.js';
import { ENTRA_APP_ENTRIES } from './entra-app.js';
import { ENTRA_USER_ENTRIES } from './entra-user.js';
import { EWS_ACCESS_ENTRIES } from './ews-access.js';
import { EWS_MAILBOX_ENTRIES } from './ews-mailbox.js';
import { EWS_REQUEST_ENTRIES } from './ews-request.js';
import { EWS_SYNC_ENTRIES } from './ews-sync.js';
import { EWS_THROTTLING_ENTRIES } from './ews-throttling.js';
import { GRAPH_ENTRIES } from './graph.js';
import { GRAPH_GENERIC_ENTRIES } from './graph-generic.js';
import { HTTP_STATUS_ENTRIES } from './http-status.js';
import { MB_FINDING_ENTRIES } from './mb-findings.js';
import { NTLM_ENTRIES } from './ntlm-md4.js';
import { PROFILE_RULE_ENTRIES } from './profile-rules.js';
import { PROXY_ENTRIES } from './proxy-findings.js';
import { RETIREMENT_ENTRIES } from './retirement.js';
import { STORE_SYNC_ENTRIES } from './store-sync-findings.js';
import { SYMPTOM_ENTRIES } from './symptoms.js';
import { TCP_ENTRIES } from './tcp.js';
import { TLS_PROTOCOL_ENTRIES } from './tls-protocol.js';
import { TLS_TRUST_ENTRIES } from './tls-trust.js';

export const KB_ENTRIES: readonly KbEntry[] = [
  ...TLS_TRUST_ENTRIES,
  ...TLS_PROTOCOL_ENTRIES,
  ...DNS_ENTRIES,
  ...TCP_ENTRIES,
  ...NTLM_ENTRIES,
  ...AUTH_SCHEME_ENTRIES,
  ...HTTP_STATUS_ENTRIES,
  ...ENTRA_APP_ENTRIES,
  ...ENTRA_USER_ENTRIES,
  ...GRAPH_ENTRIES,
  ...GRAPH_GENERIC_ENTRIES,
  ...EWS_ACCESS_ENTRIES,
  ...EWS_MAILBOX_ENTRIES,
  ...EWS_THROTTLING_ENTRIES,
  ...EWS_SYNC_ENTRIES,
  ...EWS_REQUEST_ENTRIES,
  ...RETIREMENT_ENTRIES,
  ...MB_FINDING_ENTRIES,
  ...SYMPTOM_ENTRIES,
  ...PROFILE_RULE_ENTRIES,
  ...PROXY_ENTRIES,
  ...AGENT_FINDING_ENTRIES,
  ...CHECK_FINDING_ENTRIES,
  ...AGENT_RUNTIME_ENTRIES,
  ...STORE_SYNC_ENTRIES,
  ...CLI_USAGE_ENTRIES,
];
