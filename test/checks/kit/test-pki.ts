/**
 * Certificates for the TLS check tests, made with the project's certificate factory
 * (fixtures/certs): one root → intermediate chain per test file, and leaves for each
 * defect the checks must classify. In memory only; nothing is written to disk.
 */
import { createCa, createLeaf, type IssuedCertificate, type LeafOptions } from '../../../fixtures/certs/cert-factory.js';

const DAY = 86_400_000;

export function validFor(days: number, startedDaysAgo = 1): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - startedDaysAgo * DAY), notAfter: new Date(now + days * DAY) };
}

export interface TestPki {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
  /** A leaf for `localhost` from the intermediate, with overrides for the defect under test. */
  leaf(overrides?: Partial<LeafOptions>): Promise<IssuedCertificate>;
}

export async function createTestPki(rootSubject = 'CN=mailbridge test root, O=mailbridge tests'): Promise<TestPki> {
  const root = await createCa({ subject: rootSubject, validity: validFor(3650) });
  const intermediate = await createCa({ subject: 'CN=mailbridge test intermediate, O=mailbridge tests', validity: validFor(1825), issuer: root, pathLength: 0 });
  return {
    root,
    intermediate,
    leaf: (overrides = {}) =>
      createLeaf({ subject: 'CN=localhost', dnsNames: ['localhost'], validity: validFor(365), issuer: intermediate, usage: 'server', ...overrides }),
  };
}
