// Pure parts of the connectors: NTLMv2 messages checked by the lab's independent verifier,
// the folder tree and the O365-3 depth rule, Retry-After, SOAP fault reading, endpoint URLs.
import { describe, expect, test } from 'vitest';
import { buildFolderTree, checkDepthOption, findByPath } from '../../agent/connectors/folder-tree.js';
import { mapEwsError, readSoapFault } from '../../agent/connectors/ews/ews-error-map.js';
import { ThrottledError } from '../../agent/connectors/connector-errors.js';
import { ewsUrlOf } from '../../agent/connectors/ews/create-ews-connector.js';
import { authenticateMessage, challengeToken, negotiateMessage, parseChallenge, splitLogonName } from '../../agent/connectors/ews/ntlm/ntlm-client-messages.js';
import { retryAfterMs } from '../../agent/connectors/graph/graph-error-map.js';
import { graphApiRootOf } from '../../agent/connectors/graph/create-graph-connector.js';
import { withImmutableIds } from '../../agent/connectors/graph/profile-graph-middleware.js';
import { verifyNtlmV2 } from '../../fixtures/lab/ews/ntlm/ntlm-verify.js';

function challengeMessage(serverChallenge: Buffer, targetInfo: Buffer): Buffer {
  const head = Buffer.alloc(48);
  head.write('NTLMSSP\0', 0, 'latin1');
  head.writeUInt32LE(2, 8);
  head.writeUInt32LE(0x00800000 | 0x00080000 | 0x00000200 | 0x00000001, 20);
  serverChallenge.copy(head, 24);
  head.writeUInt16LE(targetInfo.length, 40);
  head.writeUInt16LE(targetInfo.length, 42);
  head.writeUInt32LE(48, 44);
  return Buffer.concat([head, targetInfo]);
}

describe('NTLM client messages', () => {
  test('the type-3 NTLMv2 response verifies with the right password only', () => {
    const serverChallenge = Buffer.from('0123456789abcdef', 'hex');
    const targetInfo = Buffer.from([2, 0, 6, 0, ...Buffer.from('LAB', 'utf16le'), 0, 0, 0, 0]);
    const challenge = parseChallenge(challengeMessage(serverChallenge, targetInfo));
    expect(challenge.serverChallenge.equals(serverChallenge)).toBe(true);
    expect(challenge.targetInfo.equals(targetInfo)).toBe(true);
    const header = authenticateMessage(challenge, { user: 'LAB\\svc-mailbridge', domain: '', password: 'S3cret!' });
    const msg = Buffer.from(header.slice('NTLM '.length), 'base64');
    expect(msg.readUInt32LE(8)).toBe(3);
    const field = (at: number): Buffer => msg.subarray(msg.readUInt32LE(at + 4), msg.readUInt32LE(at + 4) + msg.readUInt16LE(at));
    const ntResponse = field(20);
    expect(field(28).toString('utf16le')).toBe('LAB');
    expect(field(36).toString('utf16le')).toBe('svc-mailbridge');
    expect(verifyNtlmV2({ ntResponse, serverChallenge, password: 'S3cret!', user: 'svc-mailbridge', domain: 'LAB' })).toBe(true);
    expect(verifyNtlmV2({ ntResponse, serverChallenge, password: 'wrong', user: 'svc-mailbridge', domain: 'LAB' })).toBe(false);
  });

  test('negotiate message, challenge header parsing and logon names', () => {
    const type1 = Buffer.from(negotiateMessage().slice(5), 'base64');
    expect(type1.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    expect(type1.readUInt32LE(8)).toBe(1);
    expect(challengeToken(['Negotiate', 'NTLM TlRMTVNTUAACAAAA'])?.subarray(0, 7).toString('latin1')).toBe('NTLMSSP');
    expect(challengeToken('Basic realm="x", NTLM')).toBeNull();
    expect(() => parseChallenge(Buffer.from('not ntlm at all, definitely not', 'latin1'))).toThrow(/CHALLENGE/);
    expect(splitLogonName('LAB\\anna', '')).toEqual({ user: 'anna', domain: 'LAB' });
    expect(splitLogonName('anna@lab.test', '')).toEqual({ user: 'anna@lab.test', domain: '' });
    expect(splitLogonName('anna', 'LAB')).toEqual({ user: 'anna', domain: 'LAB' });
  });
});

describe('folder tree and the 5-level rule (O365-3)', () => {
  const raw = [
    { id: 'inbox', parentId: 'root', displayName: 'Inbox' },
    { id: 'p', parentId: 'inbox', displayName: 'Projects' },
    { id: 'y', parentId: 'p', displayName: '2026' },
    { id: 'sent', parentId: 'root', displayName: 'Sent Items' },
  ];

  test('paths and depths, top level = parent not listed', () => {
    expect(buildFolderTree(raw).map((f) => [f.path, f.depth])).toEqual([['Inbox', 1], ['Inbox/Projects', 2], ['Inbox/Projects/2026', 3], ['Sent Items', 1]]);
  });

  test('depth options and paths beyond 5 levels are refused before listing', async () => {
    expect(checkDepthOption('ews', undefined)).toBe(5);
    expect(() => checkDepthOption('ews', 6)).toThrow(expect.objectContaining({ code: 'MB_FOLDER_TOO_DEEP', rule: 'O365-3' }));
    expect(() => checkDepthOption('graph', 0)).toThrow(expect.objectContaining({ code: 'MB_FOLDER_DEPTH_INVALID' }));
    let listed = 0;
    const list = async () => { listed += 1; return buildFolderTree(raw); };
    await expect(findByPath('ews', 'a/b/c/d/e/f', list)).rejects.toMatchObject({ code: 'MB_FOLDER_TOO_DEEP' });
    expect(listed).toBe(0);
    await expect(findByPath('ews', 'inbox/projects/2026', list)).resolves.toMatchObject({ id: 'y' });
    await expect(findByPath('ews', 'Inbox/Nope', list)).rejects.toMatchObject({ code: 'MB_FOLDER_NOT_FOUND' });
  });
});

describe('server delays and faults', () => {
  test('Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('Mon, 23 Nov 2026 12:00:10 GMT', Date.parse('2026-11-23T12:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  test('EWS HTTP 503 (IIS queue full) is a pause with Retry-After, a 401 is not', () => {
    const busy = mapEwsError(new Error('x'), { lastFailure: { status: 503, body: '', headers: { 'retry-after': '12' } } });
    expect(busy).toBeInstanceOf(ThrottledError);
    expect(busy).toMatchObject({ code: 'HTTP_503', retryAfterMs: 12_000 });
    const refused = mapEwsError(new Error('x'), { lastFailure: { status: 401, body: '', headers: {} } });
    expect(refused).not.toBeInstanceOf(ThrottledError);
    expect(refused).toMatchObject({ code: 'HTTP_401', family: 'http-auth' });
  });

  test('ErrorServerBusy fault: response code and BackOffMilliseconds', () => {
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode><faultstring xml:lang="en-US">The server cannot service this request right now. Try again later.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request right now. Try again later.</e:Message><t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">29875</t:Value></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>`;
    expect(readSoapFault(xml)).toEqual({ responseCode: 'ErrorServerBusy', message: 'The server cannot service this request right now. Try again later.', values: { BackOffMilliseconds: '29875' } });
    expect(readSoapFault('<html>not soap</html>')).toBeNull();
  });
});

describe('Graph preferences', () => {
  test('immutable ids are asked for on every request, next to other preferences', () => {
    expect(withImmutableIds({})).toEqual({ Prefer: 'IdType="ImmutableId"' });
    expect(withImmutableIds({ prefer: 'odata.maxpagesize=5' })).toEqual({ Prefer: 'odata.maxpagesize=5, IdType="ImmutableId"' });
    expect(withImmutableIds({ Prefer: 'IdType="RestId"' })).toEqual({ Prefer: 'IdType="RestId"' });
  });
});

describe('endpoints', () => {
  test('EWS URL from server, port and virtual directory (EX-2, EX-7)', () => {
    const ports = { http: 80, https: 443, alternate: 2610 };
    expect(ewsUrlOf({ server: 'mail.example.com', ports, virtualDirectory: '' })).toBe('https://mail.example.com/EWS/Exchange.asmx');
    expect(ewsUrlOf({ server: 'mail.example.com', ports, virtualDirectory: '/custom/EWS' }, 2610)).toBe('https://mail.example.com:2610/custom/EWS/Exchange.asmx');
  });

  test('Graph API root for the worldwide cloud, national clouds and the lab', () => {
    expect(graphApiRootOf('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/v1.0');
    expect(graphApiRootOf('https://microsoftgraph.chinacloudapi.cn/')).toBe('https://microsoftgraph.chinacloudapi.cn/v1.0');
    expect(graphApiRootOf('https://localhost:4443/v1.0')).toBe('https://localhost:4443/v1.0');
  });
});
