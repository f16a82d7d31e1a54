// Port reachability with an outbound proxy (#7, EX-2): tcp.<port> stays a direct TCP
// connect to the server, and when the profile has a proxy its details say so (host and
// port of the proxy only — a URL with credentials is never shown), so a closed direct port
// on a host that reaches Exchange only through the proxy is not misread.
import { afterEach, describe, expect, it } from 'vitest';
import { checkPlan } from '../../agent/checks/check-plan.js';
import { selectChecks } from '../../agent/checks/check-selection.js';
import { runChecks } from '../../agent/checks/runner.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { onpremInput } from '../profiles/profile-fixtures.js';
import { closedPort, startSilentListener, type RunningServer } from './kit/loopback-servers.js';

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function tcp443(proxy: Record<string, unknown> | undefined) {
  const server = await startSilentListener();
  servers.push(server);
  const parsed = validateProfile(onpremInput({ server: 'localhost', ports: { https: server.port, http: await closedPort(), alternate: await closedPort() }, ...(proxy ? { proxy } : {}) }));
  const profile = parsed.profile as Profile;
  const plan = selectChecks(checkPlan({ profile, timeoutMs: 1_000 }), ['tcp.443']);
  const report = await runChecks(plan.definitions, { target: plan.target, timeoutMs: 1_000 });
  return report.checks.find((c) => c.id === 'tcp.443');
}

describe('tcp checks and the profile proxy', () => {
  it('without a proxy the details carry no proxy note', async () => {
    const result = await tcp443(undefined);
    expect(result?.status).toBe('pass');
    expect(result?.details).not.toHaveProperty('proxy');
  });

  it('with a proxy the direct port check passes as before and names the proxy in its details', async () => {
    const result = await tcp443({ url: 'http://proxy.contoso.example:3128' });
    expect(result?.status).toBe('pass');
    expect(result?.details).toMatchObject({ state: 'open', proxy: 'http://proxy.contoso.example:3128' });
    expect(String(result?.details.proxyNote)).toContain('this check connects directly');
  });

  it('a proxy URL carrying credentials is never echoed into the report', async () => {
    const result = await tcp443({ url: 'http://svc:Hunter2-secret@proxy.contoso.example:3128' });
    expect(JSON.stringify(result)).not.toContain('Hunter2-secret');
    expect(result?.details).not.toHaveProperty('proxy');
  });
});
