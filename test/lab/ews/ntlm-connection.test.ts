// NTLM is connection-oriented (as IIS implements it): the type-3 answer must arrive on the
// connection that received the challenge, and it then authenticates that connection.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';

interface NtlmClient {
  createType1Message(workstation: string, target: string): string;
  decodeType2Message(header: string): unknown;
  createType3Message(type2: unknown, user: string, password: string, workstation: string, target: string): string;
}
const ntlm = createRequire(import.meta.url)('@ewsjs/ntlm-client') as NtlmClient;

let lab: RunningLab;
beforeAll(async () => { lab = await startLab({ seed: 3 }); });
afterAll(async () => { await lab?.stop(); });

function get(agent: https.Agent | false, authorization?: string): Promise<{ status: number; challenge: string | undefined; port: number | undefined }> {
  return new Promise((resolve, reject) => {
    const req = https.request(lab.document.ews.url, {
      method: 'GET', agent, ca: readFileSync(lab.document.caFile),
      headers: { Connection: 'keep-alive', ...(authorization ? { Authorization: authorization } : {}) },
    }, (res) => {
      const port = res.socket.localPort;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'], port }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('NTLM per connection', () => {
  it('authenticates the connection that got the challenge, and only that one', async () => {
    const account = lab.document.accounts[1]!;
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: readFileSync(lab.document.caFile) });
    try {
      const first = await get(agent, ntlm.createType1Message('WS01', account.domain));
      expect(first.status).toBe(401);
      expect(first.challenge).toMatch(/^NTLM [A-Za-z0-9+/]+=*$/);
      const type3 = ntlm.createType3Message(ntlm.decodeType2Message(first.challenge!), account.user, account.password, 'WS01', account.domain);

      // The same answer on a new connection is refused: that connection was never challenged.
      const elsewhere = await get(false, type3);
      expect(elsewhere.status).toBe(401);

      const answered = await get(agent, type3);
      expect(answered.status).toBe(200);
      expect(answered.port).toBe(first.port);
      // The connection stays authenticated without further credentials, as with IIS.
      const again = await get(agent);
      expect(again.status).toBe(200);
      expect(again.port).toBe(first.port);
      // A fresh connection without credentials is challenged again.
      expect((await get(false)).status).toBe(401);
    } finally {
      agent.destroy();
    }
  });
});
