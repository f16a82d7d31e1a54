// NTLM server side checked against the NTLM client the EWS library really uses
// (@ewsjs/ntlm-client): its type-1 parses, our type-2 decodes, its type-3 verifies.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildChallenge, decodeNtlmToken, parseAuthenticate } from '../../../fixtures/lab/ews/ntlm/ntlm-messages.js';
import { ntHash, verifyNtlmV2 } from '../../../fixtures/lab/ews/ntlm/ntlm-verify.js';

interface NtlmClient {
  createType1Message(workstation: string, target: string): string;
  decodeType2Message(header: string): unknown;
  createType3Message(type2: unknown, user: string, password: string, workstation: string, target: string): string;
}
const require = createRequire(import.meta.url);
const client = require('@ewsjs/ntlm-client') as NtlmClient;

const identity = { netbiosDomain: 'LAB', netbiosComputer: 'EXCH01', dnsDomain: 'lab.test', dnsComputer: 'exch01.lab.test' };

function handshake(user: string, password: string, domain: string) {
  const type1 = decodeNtlmToken(client.createType1Message('WS01', domain).slice('NTLM '.length));
  expect(type1?.type).toBe(1);
  const challenge = buildChallenge(identity);
  const type2 = client.decodeType2Message(`NTLM ${challenge.token}`);
  const type3 = decodeNtlmToken(client.createType3Message(type2, user, password, 'WS01', domain).slice('NTLM '.length));
  expect(type3?.type).toBe(3);
  return { message: parseAuthenticate(type3!.bytes), serverChallenge: challenge.serverChallenge };
}

describe('NTLM server side', () => {
  it('computes the well-known NT hash of "Password"', () => {
    // [MS-NLMP] §4.2.2.1.2 test vector.
    expect(ntHash('Password').toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });

  it('verifies an NTLMv2 response from the real client for the right password', () => {
    const { message, serverChallenge } = handshake('svc-sync', 'Lab-Passw0rd!', 'LAB');
    expect(message.user).toBe('svc-sync');
    expect(message.domain).toBe('LAB');
    expect(message.workstation).toBe('WS01');
    expect(verifyNtlmV2({ ntResponse: message.ntResponse, serverChallenge, password: 'Lab-Passw0rd!', user: message.user, domain: message.domain })).toBe(true);
  });

  it('rejects the same response for a wrong password or another challenge', () => {
    const { message, serverChallenge } = handshake('svc-sync', 'Lab-Passw0rd!', 'LAB');
    expect(verifyNtlmV2({ ntResponse: message.ntResponse, serverChallenge, password: 'wrong', user: message.user, domain: message.domain })).toBe(false);
    expect(verifyNtlmV2({ ntResponse: message.ntResponse, serverChallenge: Buffer.alloc(8, 7), password: 'Lab-Passw0rd!', user: message.user, domain: message.domain })).toBe(false);
  });

  it('verifies a UPN logon without a domain', () => {
    const { message, serverChallenge } = handshake('svc-sync@lab.test', 'Lab-Passw0rd!', '');
    expect(message.domain).toBe('');
    expect(verifyNtlmV2({ ntResponse: message.ntResponse, serverChallenge, password: 'Lab-Passw0rd!', user: message.user, domain: '' })).toBe(true);
  });
});
