/**
 * The built CLI end to end (`node dist/src/bin.js`), with no agent and with a real agent:
 * import/export round trip without secrets (a known secret value appears nowhere: not in
 * the export, profiles.json, stdout/stderr or the agent's log), an invalid file writes
 * nothing and exits 2 with every issue's rule and fix, secrets only from stdin.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { assertBuilt, REPO_ROOT, runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

const KNOWN_SECRET = 'Kn0wn-Secret-Value-9f3c';
const ONPREM = path.join(REPO_ROOT, 'docs', 'examples', 'onprem-ews-profile.json');
const ONLINE = path.join(REPO_ROOT, 'docs', 'examples', 'exchange-online-profile.json');
const ONPREM_NAME = 'Contoso Exchange 2019';

let t: TempEnv;
const cli = (args: string[], stdin?: string) => runCli(args, { env: t.env, ...(stdin !== undefined ? { stdin } : {}) });
const profilesFile = () => path.join(t.configDir, 'profiles.json');

/** Every file under a directory, as text, for secret greps. */
function allText(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

beforeAll(() => assertBuilt());
beforeEach(() => {
  t = createTempEnv();
});
afterEach(() => t.cleanup());

async function roundTrip(): Promise<string[]> {
  const outputs: string[] = [];
  const run = async (args: string[], stdin?: string) => {
    const r = await cli(args, stdin);
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  expect((await run(['profile', 'import', ONPREM])).code).toBe(0);
  expect((await run(['profile', 'import', ONLINE])).code).toBe(0);
  const set = await run(['secrets', 'set', ONPREM_NAME, 'password', '--stdin'], `${KNOWN_SECRET}\n`);
  expect(set.code, set.stderr).toBe(0);
  expect((await run(['secrets', 'has', ONPREM_NAME, 'password'])).code).toBe(0);

  const shown = await run(['profile', 'show', ONPREM_NAME, '--json']);
  const before = JSON.parse(shown.stdout).profile;
  const exportFile = path.join(t.root, 'export.json');
  expect((await run(['profile', 'export', ONPREM_NAME, '--output', exportFile])).code).toBe(0);
  const exported = fs.readFileSync(exportFile, 'utf8');
  expect(exported).not.toContain(KNOWN_SECRET);
  expect(JSON.parse(exported).profiles[0].credentials.password).toEqual({ secret: 'password' });

  expect((await run(['profile', 'remove', ONPREM_NAME, '--keep-secrets'])).code).toBe(0);
  expect((await run(['profile', 'import', exportFile])).code).toBe(0);
  // --keep-secrets kept the password for the re-imported profile.
  expect((await run(['secrets', 'has', ONPREM_NAME, 'password'])).code).toBe(0);
  const after = JSON.parse((await run(['profile', 'show', ONPREM_NAME, '--json'])).stdout).profile;
  expect(after).toEqual(before);

  const list = JSON.parse((await run(['profile', 'list', '--json'])).stdout);
  expect(list.profiles.map((p: { name: string }) => p.name).sort()).toEqual([ONPREM_NAME, 'Fabrikam Microsoft 365']);
  expect(list.default).toBe(ONPREM_NAME);
  expect(fs.readFileSync(profilesFile(), 'utf8')).not.toContain(KNOWN_SECRET);
  expect(allText(t.configDir)).not.toContain(KNOWN_SECRET);
  return outputs;
}

describe('mailbridge profile / secrets (no agent: in-process with the lock)', () => {
  it('round-trips import → export → import without a secret anywhere', async () => {
    const outputs = await roundTrip();
    expect(outputs.join('\n')).not.toContain(KNOWN_SECRET);
  });

  it('an invalid file writes nothing, exits 2 and prints every issue with rule and fix', async () => {
    const bad = path.join(t.root, 'bad.json');
    const doc = JSON.parse(fs.readFileSync(ONPREM, 'utf8'));
    fs.writeFileSync(bad, JSON.stringify([JSON.parse(fs.readFileSync(ONLINE, 'utf8')), { ...doc, server: '10.0.0.5', intervalMinutes: 5 }]));
    const r = await cli(['profile', 'import', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`server: "10.0.0.5" is an IP address; enter the Exchange server's host name (EX-7)`);
    expect(r.stderr).toContain('(EX-7) [MB_INTERVAL_TOO_SHORT]');
    expect(r.stderr).toContain('fix: set intervalMinutes to 10 or more');
    expect(r.stderr).toContain('nothing was written');
    expect(fs.existsSync(profilesFile())).toBe(false);

    const asJson = await cli(['profile', 'import', bad, '--json']);
    expect(asJson.code).toBe(2);
    const document = JSON.parse(asJson.stdout);
    expect(document.written).toBe(false);
    expect(document.issues.map((i: { code: string }) => i.code).sort()).toEqual(['MB_HOST_IS_IP_ADDRESS', 'MB_INTERVAL_TOO_SHORT']);
  });

  it('refuses a secret value inside an import file without echoing it', async () => {
    const leaky = path.join(t.root, 'leaky.json');
    const doc = JSON.parse(fs.readFileSync(ONPREM, 'utf8'));
    doc.credentials.password = KNOWN_SECRET;
    fs.writeFileSync(leaky, JSON.stringify(doc));
    const r = await cli(['profile', 'import', leaky]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MB_SECRET_IN_PROFILE');
    expect(r.stdout + r.stderr).not.toContain(KNOWN_SECRET);
    expect(fs.existsSync(profilesFile())).toBe(false);
  });

  it('secrets come from stdin only; a password over 128 characters is refused and not stored (EX-4)', async () => {
    expect((await cli(['profile', 'import', ONPREM])).code).toBe(0);
    const noStdin = await cli(['secrets', 'set', ONPREM_NAME, 'password']);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toContain('--stdin');
    const tooLong = await cli(['secrets', 'set', ONPREM_NAME, 'password', '--stdin'], 'p'.repeat(129));
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('MB_PASSWORD_TOO_LONG');
    expect((await cli(['secrets', 'has', ONPREM_NAME, 'password'])).code).toBe(1);
    const unknown = await cli(['secrets', 'set', ONPREM_NAME, 'clientSecret', '--stdin'], 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('use one of: password');
  });

  it('remove deletes the profile and its secrets; a missing profile exits 1', async () => {
    expect((await cli(['profile', 'import', ONPREM])).code).toBe(0);
    expect((await cli(['secrets', 'set', ONPREM_NAME, 'password', '--stdin'], KNOWN_SECRET)).code).toBe(0);
    const removed = await cli(['profile', 'remove', ONPREM_NAME, '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ deleted: true, removedSecrets: ['password'] });
    expect((await cli(['secrets', 'has', ONPREM_NAME, 'password'])).code).toBe(1);
    const missing = await cli(['profile', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no profile named "nope"');
  });

  it('profile lint finds a second default and overlapping staff in a hand-edited profiles.json (MEM-2, MEM-3)', async () => {
    const onprem = JSON.parse(fs.readFileSync(ONPREM, 'utf8'));
    const twin = { ...onprem, name: 'Twin', default: true };
    fs.mkdirSync(t.configDir, { recursive: true });
    fs.writeFileSync(profilesFile(), JSON.stringify({ schema: 'mailbridge.profiles-store/v1', profiles: [onprem, twin] }));
    const r = await cli(['profile', 'lint', '--json']);
    expect(r.code).toBe(1);
    const codes = JSON.parse(r.stdout).issues.map((i: { code: string }) => i.code);
    expect(codes).toContain('MB_MULTIPLE_DEFAULT_PROFILES');
    expect(codes).toContain('MB_STAFF_OVERLAP');
  });

  it('profile default moves the MEM-2 mark', async () => {
    expect((await cli(['profile', 'import', ONPREM])).code).toBe(0);
    expect((await cli(['profile', 'import', ONLINE])).code).toBe(0);
    expect((await cli(['profile', 'default', 'Fabrikam Microsoft 365'])).code).toBe(0);
    expect(JSON.parse((await cli(['profile', 'list', '--json'])).stdout).default).toBe('Fabrikam Microsoft 365');
  });
});

describe('mailbridge profile / secrets through a running agent', () => {
  let agent: AgentProcess | undefined;
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
  });

  it('round-trips through the agent; the secret is in no output, file or agent log', async () => {
    agent = await startAgent(t);
    const outputs = await roundTrip();
    const imported = await cli(['profile', 'import', ONLINE, '--json', '--replace']);
    expect(JSON.parse(imported.stdout).via).toBe('agent');
    await agent.stop();
    expect([...outputs, agent.stdout, agent.stderr].join('\n')).not.toContain(KNOWN_SECRET);
    expect(allText(t.configDir)).not.toContain(KNOWN_SECRET);
  });
});
