/**
 * Reads the CA file a run trusts besides the system store (`--ca-file`, `checks.run`'s
 * caFile, or the profile's tls.caFile), with an operator error that says which field
 * pointed where and how to produce a PEM file.
 */
import fs from 'node:fs';
import { OperatorError } from '../../src/errors/operator-error.js';
import type { CaFile } from './network-target.js';

export function readCaFile(file: string, field: string): CaFile {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new OperatorError({
      code: 'MB_CA_FILE_UNREADABLE', family: 'config', field, exitCode: 2,
      message: `${field}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      cause: 'The CA file must be a readable PEM file with the internal root (and intermediate) certificates.',
      fix: ['Check the path and its permissions.', 'Export the root CA as PEM (Base-64 .cer) and point to that file.'],
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new OperatorError({
      code: 'MB_CA_FILE_NOT_PEM', family: 'config', field, exitCode: 2,
      message: `${field}: ${file} holds no PEM certificate`,
      cause: 'The CA file must contain certificates in PEM form (-----BEGIN CERTIFICATE-----).',
      fix: ['Convert a DER file: `openssl x509 -inform der -in root.cer -out root.pem`.'],
    });
  }
  return { path: file, pem, origin: field === 'tls.caFile' ? 'profile' : 'ad-hoc' };
}
