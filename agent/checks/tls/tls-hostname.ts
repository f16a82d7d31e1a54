/**
 * tls.hostname: the certificate covers the host name the integration connects to. Node's
 * own rules decide (tls.checkServerIdentity: SAN DNS names first, a wildcard only as the
 * whole left-most label and matching one label; the subject CN only when there is no SAN),
 * because those are the rules the integration's HTTPS client applies.
 */
import tls from 'node:tls';
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { seenVia, type TlsArtifact } from './tls-handshake.js';

function sanNames(subjectAltName: string | undefined): string[] {
  return (subjectAltName ?? '').split(/,\s*/).filter(Boolean);
}

/** Which SAN entry matched, for the evidence ("DNS:*.contoso.com (wildcard)"). */
function matchedEntry(host: string, names: readonly string[]): string | undefined {
  const lower = host.toLowerCase();
  return names.find((entry) => {
    const [kind, value] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1).toLowerCase()];
    if (kind === 'IP Address') return value === lower;
    if (kind !== 'DNS') return false;
    if (value === lower) return true;
    return value.startsWith('*.') && lower.slice(lower.indexOf('.') + 1) === value.slice(2) && lower.indexOf('.') > 0;
  });
}

export const tlsHostnameCheck: CheckDefinition = {
  id: 'tls.hostname',
  title: 'Certificate host name',
  dependsOn: ['tls.handshake'],
  run(ctx): Promise<CheckOutcome> {
    const artifact = ctx.dependency('tls.handshake').artifact as TlsArtifact;
    const { leaf } = artifact.handshake;
    const names = sanNames(leaf.subjectaltname);
    const details = { host: artifact.host, subjectAltName: names, subjectCN: leaf.subject?.CN ?? null, ...seenVia(artifact) };
    const error = tls.checkServerIdentity(artifact.host, leaf) as NodeJS.ErrnoException | undefined;
    if (error) {
      return Promise.resolve({
        status: 'fail',
        summary: `${artifact.host} is not in the certificate (${names.length ? names.join(', ') : 'no SAN'})`,
        details: { ...details, error: error.message },
        diagnosis: diagnosisFor(error.code ?? 'ERR_TLS_CERT_ALTNAME_INVALID'),
      });
    }
    const entry = matchedEntry(artifact.host, names);
    const how = entry ? `${entry}${entry.includes('*') ? ' (wildcard)' : ''}` : 'the subject CN (no SAN)';
    return Promise.resolve({ status: 'pass', summary: `${artifact.host} matches ${how}`, details: { ...details, matchedBy: entry ?? 'CN' } });
  },
};
