/**
 * A profile's TLS trust as node:tls options, per profile and never process-wide (issue #7):
 * the system CAs when `tls.systemTrustStore` is on, plus the internal PKI's `tls.caFile`.
 * With no CA file the options are empty and Node's defaults apply, so a server signed by
 * an internal CA is refused (UNABLE_TO_VERIFY_LEAF_SIGNATURE) unless its profile trusts it.
 * Also loads the client certificate for certificate logons (MEM-4); its key comes from the
 * secret store, never from a file path in the profile.
 */
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { OperatorError } from '../../../src/errors/operator-error.js';
import type { ProxyRoute } from './proxy-route.js';

export interface TlsTrust {
  systemTrustStore: boolean;
  caFile?: string;
}

/**
 * How a connection to the profile's servers is made: node:tls options, plus the outbound
 * proxy route when the profile has one (issue #7). createProfileAgent (profile-agent.ts)
 * turns it into the https.Agent.
 */
export interface ConnectorTlsOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  proxy?: ProxyRoute;
}

async function readPem(path: string, field: string, what: string): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    if (!text.includes('-----BEGIN ')) throw Object.assign(new Error('not PEM'), { code: 'MB_NOT_PEM' });
    return text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'MB_NOT_PEM';
    throw new OperatorError({
      message: `${field}: cannot read ${what} "${path}" (${code})`,
      code: code === 'MB_NOT_PEM' ? 'MB_PEM_INVALID' : code, family: 'config', field, underlying: error,
      cause: code === 'MB_NOT_PEM' ? `The file is not a PEM file (no "-----BEGIN" line).` : `The agent cannot read the file named in ${field}.`,
      fix: [`Point ${field} at a readable PEM file (absolute path) the agent's user can read.`],
    });
  }
}

/** The `ca` option for a profile's trust; undefined means Node's default store only. */
export async function loadTrustedCas(trust: TlsTrust): Promise<string[] | undefined> {
  if (!trust.caFile) return trust.systemTrustStore ? undefined : [];
  const pem = await readPem(trust.caFile, 'tls.caFile', 'the CA file');
  return trust.systemTrustStore ? [...rootCertificates, pem] : [pem];
}

export async function loadClientCertificate(certificateFile: string, privateKeyPem: string): Promise<{ cert: string; key: string }> {
  const cert = await readPem(certificateFile, 'credentials.certificateFile', 'the client certificate');
  return { cert, key: privateKeyPem };
}
