// `mailbridge check` in-process (#4, AG-4): exit codes 0/1/2, --json prints exactly one
// JSON document that validates against the report schema, --strict turns warnings into
// exit 1, a saved profile runs profile.valid first. Loopback servers only, no agent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import { checkReportSchema, type CheckReport } from '../../src/checks/check-report.js';
import { profileValidCheck } from '../../agent/checks/profile-valid.js';
import { runChecks } from '../../agent/checks/runner.js';
import { createLabCertificates, type LabCertificates } from '../../fixtures/certs/lab-certificates.js';
import { closedPort, exchangeLookalike, startHttpsServer, type RunningServer } from './kit/loopback-servers.js';

let lab: LabCertificates;
let server: RunningServer;
let dir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  lab = await createLabCertificates();
  server = await startHttpsServer({ certChainPem: lab.valid.cert, keyPem: lab.valid.key }, exchangeLookalike);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-check-'));
  // No agent: a socket path nobody listens on, and a private config directory.
  process.env.MAILBRIDGE_SOCKET = path.join(dir, 'no-agent.sock');
  process.env.MAILBRIDGE_CONFIG_DIR = path.join(dir, 'config');
  process.env.MAILBRIDGE_STATE_DIR = path.join(dir, 'state');
  process.env.MAILBRIDGE_VAULT_KEY = 'a'.repeat(64);
});

afterAll(async () => {
  await server.close();
  await lab.remove();
  process.env = savedEnv;
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

async function adHoc(extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cli(['check', '--server', 'localhost', '--https-port', String(server.port), '--timeout-ms', '3000', ...extra]);
}

describe('mailbridge check', () => {
  it('--json: one JSON document that validates; warnings only → exit 0', async () => {
    const { code, stdout } = await adHoc(['--ca-file', lab.caFile, '--json']);
    const report = checkReportSchema.parse(JSON.parse(stdout)) as CheckReport;
    expect(stdout.trim().split('\n').length).toBeGreaterThan(1); // pretty-printed, but one document
    expect(report.summary.fail).toBe(0);
    expect(report.target).toMatchObject({ server: 'localhost', ports: { 443: server.port }, caFile: lab.caFile });
    expect(report.checks.find((c) => c.id === 'tls.trust')?.diagnosis?.code).toBe('MB_TRUSTED_ONLY_VIA_CA_FILE');
    // No --user: the credential checks are skipped with the reason, never failed.
    expect(report.checks.find((c) => c.id === 'auth.credentials')).toMatchObject({ status: 'skip', summary: 'not run: no sync account given (--user)' });
    expect(report.checks.find((c) => c.id === 'ews.endpoint')).toMatchObject({ status: 'pass', details: { authSchemes: ['Negotiate', 'NTLM'] } });
    expect(code).toBe(0);
  });

  it('--strict: the same warnings exit 1', async () => {
    const { code } = await adHoc(['--ca-file', lab.caFile, '--json', '--strict', '--ports', String(server.port)]);
    expect(code).toBe(1);
  });

  it('a failure exits 1 and the text starts with the verdict', async () => {
    const { code, stdout } = await adHoc([]);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toMatch(/^NOT working: Certificate trust: issuer not trusted here/);
    expect(stdout).toContain('First failure — tls.trust [UNABLE_TO_GET_ISSUER_CERT_LOCALLY]');
  });

  it('--format junit prints XML', async () => {
    const { stdout } = await adHoc(['--format', 'junit']);
    expect(stdout.startsWith('<?xml')).toBe(true);
    expect(stdout).toContain('type="UNABLE_TO_GET_ISSUER_CERT_LOCALLY"');
  });

  it.each([
    [['--format', 'yaml'], /--format: "yaml" is not a report format/],
    [['--ports', '80,x'], /--ports: "x" is not a TCP port/],
    [['--timeout-ms', '5'], /--timeout-ms/],
    [['--ca-file', '/nonexistent/root.pem'], /--ca-file: cannot read/],
  ])('bad input %j exits 2 with a clear message', async (args, message) => {
    const { code, stderr } = await adHoc(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('a saved profile: profile.valid runs first, the profile\'s port mapping and CA file are used', async () => {
    const example = JSON.parse(fs.readFileSync('docs/examples/onprem-ews-profile.json', 'utf8')) as Record<string, unknown>;
    const profile = {
      ...example,
      name: 'loopback',
      server: 'localhost',
      ports: { http: await closedPort(), https: server.port, alternate: await closedPort() },
      tls: { systemTrustStore: true, caFile: lab.caFile },
    };
    const file = path.join(dir, 'profile.json');
    fs.writeFileSync(file, JSON.stringify(profile));
    const imported = await cli(['profile', 'import', file]);
    expect(imported.code, imported.stderr).toBe(0);

    const { code, stdout } = await cli(['check', 'loopback', '--json', '--timeout-ms', '3000']);
    const report = checkReportSchema.parse(JSON.parse(stdout));
    expect(report.checks[0]).toMatchObject({ id: 'profile.valid' });
    expect(report.target).toMatchObject({ profile: 'loopback', kind: 'onprem', server: 'localhost' });
    expect(report.checks.find((c) => c.id === 'tls.handshake')?.status).toBe('pass');
    // The profile's own tls.caFile is a deliberate internal PKI: a pass with the cloud note, not a warning.
    expect(report.checks.find((c) => c.id === 'tls.trust')).toMatchObject({ status: 'pass', details: { trustedBy: 'ca-file' } });
    expect(code).toBe(0);
  });
});

describe('profile.valid', () => {
  it('an IP address as server fails with MB_HOST_IS_IP_ADDRESS and blocks the network checks', async () => {
    const example = JSON.parse(fs.readFileSync('docs/examples/onprem-ews-profile.json', 'utf8')) as Record<string, unknown>;
    const check = profileValidCheck({ ...example, server: '10.0.0.5' });
    const report = await runChecks([check, { id: 'dns.resolve', title: 'DNS', dependsOn: ['profile.valid'], run: () => Promise.resolve({ status: 'pass', summary: '', details: {} }) }], { target: {} });
    expect(report.checks[0]).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_HOST_IS_IP_ADDRESS', family: 'config' } });
    expect(report.checks[0]?.diagnosis?.cause).toContain('10.0.0.5');
    expect(report.checks[1]).toMatchObject({ status: 'skip', summary: 'not run: profile.valid failed' });
  });
});
