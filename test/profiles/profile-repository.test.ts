/**
 * ProfileRepository on a real profiles.json: full validation before every write (nothing
 * half-written), no secrets in the file, MEM-2 default handling, EX-9 resync fields,
 * a damaged file refused, MAILBRIDGE_CONFIG_DIR honoured, the agent's life-long lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileRepository } from '../../agent/profiles/profile-repository.js';
import { ProfileInvalidError } from '../../src/profiles/profile-invalid-error.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';
import { makeTempDir } from './temp-config-dir.js';

const KNOWN_SECRET = 'Known-Secret-4711!';
let tmp: ReturnType<typeof makeTempDir>;
let repo: ProfileRepository;

beforeEach(() => {
  tmp = makeTempDir();
  repo = new ProfileRepository({ configDir: tmp.dir, lockTimeoutMs: 300 });
});
afterEach(() => tmp.cleanup());

const fileText = () => fs.readFileSync(path.join(tmp.dir, 'profiles.json'), 'utf8');

describe('ProfileRepository', () => {
  it('stores, lists, gets and summarises profiles in profiles.json (mode 0600)', async () => {
    const put = await repo.put(onpremInput());
    expect(put.created).toBe(true);
    await repo.put(onlineInput({ default: true }));
    expect(repo.list().map((p) => p.name)).toEqual(['Contoso on-prem', 'Contoso online']);
    expect(repo.get('Contoso on-prem')?.kind).toBe('exchange-onprem');
    expect(repo.summaries()).toEqual({
      profiles: [
        { name: 'Contoso on-prem', kind: 'exchange-onprem', server: 'mail.contoso.example', enabled: true, default: false },
        { name: 'Contoso online', kind: 'exchange-online', server: 'graph.microsoft.com', enabled: true, default: true },
      ],
      default: 'Contoso online',
    });
    expect(JSON.parse(fileText()).schema).toBe('mailbridge.profiles-store/v1');
    expect(fs.statSync(path.join(tmp.dir, 'profiles.json')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(tmp.dir, 'profiles.json.lock'))).toBe(false);
  });

  it('rejects an invalid profile with every issue and writes nothing', async () => {
    await repo.put(onpremInput());
    const before = fileText();
    const error = await repo.put(onpremInput({ name: 'Bad', server: '10.0.0.5', intervalMinutes: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileInvalidError);
    expect((error as ProfileInvalidError).issues.map((i) => i.code).sort()).toEqual(['MB_HOST_IS_IP_ADDRESS', 'MB_INTERVAL_TOO_SHORT']);
    expect((error as ProfileInvalidError).exitCode).toBe(2);
    expect(fileText()).toBe(before);
  });

  it('writes nothing from a batch when one profile in it is invalid', async () => {
    await expect(repo.putMany([onlineInput(), onpremInput({ windows: { pastDays: 40 } })])).rejects.toBeInstanceOf(ProfileInvalidError);
    expect(fs.existsSync(path.join(tmp.dir, 'profiles.json'))).toBe(false);
    expect(repo.list()).toEqual([]);
  });

  it('refuses a secret value and never writes it to profiles.json (AG-5)', async () => {
    await repo.put(onpremInput());
    const error = await repo.put(onpremInput({ credentials: { kind: 'password', user: 'svc@contoso.example', password: KNOWN_SECRET } })).catch((e: unknown) => e);
    expect((error as ProfileInvalidError).issues[0]?.code).toBe('MB_SECRET_IN_PROFILE');
    expect(JSON.stringify((error as ProfileInvalidError).toJSON())).not.toContain(KNOWN_SECRET);
    expect(fileText()).not.toContain(KNOWN_SECRET);
  });

  it('replaces by name, or refuses when replace is false', async () => {
    await repo.put(onpremInput());
    const again = await repo.put(onpremInput({ intervalMinutes: 30 }));
    expect(again.created).toBe(false);
    expect(repo.list()).toHaveLength(1);
    const error = await repo.put(onpremInput(), { replace: false }).catch((e: unknown) => e);
    expect((error as ProfileInvalidError).issues.map((i) => i.code)).toEqual(['MB_PROFILE_EXISTS']);
  });

  it('MEM-2: one default; setDefault moves the mark; a second default via put is refused', async () => {
    await repo.put(onpremInput({ default: true }));
    await repo.put(onlineInput());
    await expect(repo.put(onlineInput({ default: true }))).rejects.toThrow(/already the default/);
    await repo.setDefault('Contoso online');
    expect(repo.list().map((p) => [p.name, p.default])).toEqual([['Contoso on-prem', false], ['Contoso online', true]]);
    expect(repo.getDefault()?.name).toBe('Contoso online');
    await expect(repo.setDefault('nope')).rejects.toMatchObject({ code: 'MB_PROFILE_NOT_FOUND' });
  });

  it('MEM-3: refuses a profile whose staff overlaps another on the same server', async () => {
    await repo.put(onpremInput({ name: 'A' }));
    await expect(repo.put(onpremInput({ name: 'B' }))).rejects.toMatchObject({ code: 'MB_PROFILE_INVALID', issues: [expect.objectContaining({ code: 'MB_STAFF_OVERLAP', profile: 'B' })] });
    expect(repo.list().map((p) => p.name)).toEqual(['A']);
  });

  it('EX-9: reports the resync fields a save changes', async () => {
    await repo.put(onpremInput());
    const result = await repo.put(onpremInput({ server: 'mail2.contoso.example', virtualDirectory: '/ews2/Exchange.asmx' }));
    expect(result.resyncFields).toEqual(['server', 'virtualDirectory']);
  });

  it('deletes by name', async () => {
    await repo.put(onpremInput());
    expect(await repo.delete('Contoso on-prem')).toBe(true);
    expect(await repo.delete('Contoso on-prem')).toBe(false);
    expect(repo.list()).toEqual([]);
  });

  it('refuses a damaged profiles.json instead of overwriting it', async () => {
    fs.writeFileSync(path.join(tmp.dir, 'profiles.json'), '{ "schema": "mailbridge.profiles-store/v1", "profiles": [ ');
    expect(() => repo.list()).toThrow(expect.objectContaining({ code: 'MB_PROFILES_FILE_INVALID' }));
    await expect(repo.put(onpremInput())).rejects.toMatchObject({ code: 'MB_PROFILES_FILE_INVALID' });
    expect(fileText()).toContain('"profiles": [ ');
  });

  it('names the bad field of a hand-edited stored profile', () => {
    fs.writeFileSync(path.join(tmp.dir, 'profiles.json'), JSON.stringify({ schema: 'mailbridge.profiles-store/v1', profiles: [{ ...onpremInput(), intervalMinutes: 'often' }] }));
    expect(() => repo.list()).toThrow(/profile #1 \("Contoso on-prem"\)/);
  });

  it('uses MAILBRIDGE_CONFIG_DIR when no directory is given', async () => {
    const previous = process.env.MAILBRIDGE_CONFIG_DIR;
    process.env.MAILBRIDGE_CONFIG_DIR = path.join(tmp.dir, 'from-env');
    try {
      const fromEnv = new ProfileRepository();
      await fromEnv.put(onpremInput());
      expect(fs.existsSync(path.join(tmp.dir, 'from-env', 'profiles.json'))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.MAILBRIDGE_CONFIG_DIR;
      else process.env.MAILBRIDGE_CONFIG_DIR = previous;
    }
  });

  it("the agent's repository holds the lock for its life: a CLI writer waits, then fails clearly", async () => {
    const agentRepo = await ProfileRepository.openForAgent({ configDir: tmp.dir });
    try {
      await agentRepo.put(onpremInput()); // the holder itself writes freely
      const error = await repo.put(onlineInput()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MB_PROFILES_LOCKED' });
      expect((error as Error).message).toContain(`process ${process.pid}`);
    } finally {
      agentRepo.close();
    }
    await repo.put(onlineInput());
    expect(repo.list()).toHaveLength(2);
  });
});
