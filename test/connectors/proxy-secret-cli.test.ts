// The proxy password end to end (#7, AG-5): an operator imports a profile with a proxy and
// stores the proxy password with `mailbridge secrets set PROFILE proxyPassword --stdin`
// (the built CLI, no agent). The EWS connector then signs in to a real loopback CONNECT
// proxy with exactly that stored value — and the value is in no file of the config
// directory, no argv, no CLI output; a value given as an argument is refused.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEwsConnector } from '../../agent/connectors/ews/create-ews-connector.js';
import { openVaultSecretStore } from '../../agent/secrets/vault/vault-secret-store.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { startConnectProxy, type RunningConnectProxy } from '../../fixtures/proxy/connect-proxy.js';
import { profileSchema, type OnpremProfile } from '../../src/profiles/profile-schema.js';
import { runCli, type CliResult } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

const PROXY_PASSWORD = 'Proxy-Canary-5d1c-never-print';
const PROXY_USER = 'svc-proxy';

let world: TempEnv;
let lab: RunningLab;
let proxy: RunningConnectProxy;
const calls: Array<{ args: string[]; result: CliResult }> = [];

async function cli(args: string[], stdin?: string): Promise<CliResult> {
  const result = await runCli(args, { env: world.env, ...(stdin === undefined ? {} : { stdin }) });
  calls.push({ args, result });
  return result;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

beforeAll(async () => {
  world = createTempEnv();
  lab = await startLab({ seed: 11 });
  proxy = await startConnectProxy({ requireAuth: { user: PROXY_USER, password: PROXY_PASSWORD } });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  if (!entry) throw new Error('the lab has no lab-onprem profile');
  const profile = { ...JSON.parse(readFileSync(entry.file, 'utf8')), proxy: { url: proxy.url, user: PROXY_USER } };
  const file = path.join(world.root, 'lab-onprem-proxy.json');
  writeFileSync(file, JSON.stringify(profile), { mode: 0o600 });
  const imported = await cli(['profile', 'import', file]);
  expect(imported.code, imported.stderr).toBe(0);
  for (const [field, value] of Object.entries(entry.secrets)) {
    const set = await cli(['secrets', 'set', 'lab-onprem', field, '--stdin'], `${value}\n`);
    expect(set.code, set.stderr).toBe(0);
  }
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await lab?.stop();
  world?.cleanup();
});

describe('proxy password through the CLI (AG-5)', () => {
  it('a value passed as an argument, or without --stdin, is refused and nothing is stored', async () => {
    const asArgument = await cli(['secrets', 'set', 'lab-onprem', 'proxyPassword', PROXY_PASSWORD]);
    expect(asArgument.code).not.toBe(0);
    const noStdinFlag = await cli(['secrets', 'set', 'lab-onprem', 'proxyPassword'], 'x\n');
    expect(noStdinFlag.code).toBe(2);
    const has = await cli(['secrets', 'has', 'lab-onprem', 'proxyPassword', '--json']);
    expect(JSON.parse(has.stdout)).toMatchObject({ present: false });
  });

  it('stored from stdin, the proxy password opens the tunnel for the EWS connector', async () => {
    const set = await cli(['secrets', 'set', 'lab-onprem', 'proxyPassword', '--stdin', '--json'], `${PROXY_PASSWORD}\n`);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ ok: true, field: 'proxyPassword' });

    const exported = JSON.parse((await cli(['profile', 'export', 'lab-onprem'])).stdout) as { profiles: unknown[] };
    const profile = profileSchema.parse(exported.profiles[0]) as OnpremProfile;
    expect(profile.proxy).toEqual({ url: proxy.url, noProxy: [], user: PROXY_USER });
    const secrets = await openVaultSecretStore({ stateDir: world.stateDir, env: {} });
    try {
      const connector = await createEwsConnector(profile, secrets);
      try {
        expect((await connector.listFolders(lab.document.mailboxes[0] as string)).map((f) => f.path)).toContain('Inbox');
      } finally {
        await connector.close();
      }
    } finally {
      await secrets.close();
    }
    expect(proxy.stats.tunnels).toBeGreaterThanOrEqual(1);
    expect(proxy.stats.authRefused).toBe(0);
  });

  it('the value is in no config file, no argv and no CLI output', () => {
    const configFiles = filesUnder(world.configDir);
    expect(configFiles.length).toBeGreaterThan(0);
    for (const file of configFiles) expect(readFileSync(file, 'utf8'), file).not.toContain(PROXY_PASSWORD);
    const stored = calls.filter((c) => c.args.includes('--stdin') && c.args.includes('proxyPassword'));
    expect(stored.length).toBe(1);
    for (const { args, result } of calls) {
      // The one refused call above carried it as an argument on purpose; every other argv is clean.
      if (args.includes(PROXY_PASSWORD)) {
        expect(result.code).not.toBe(0);
        continue;
      }
      expect(`${result.stdout}\n${result.stderr}`).not.toContain(PROXY_PASSWORD);
    }
  });
});
