// The EX-2 verdict as a table (#4): every combination of 80/443/2610 and an explicit --ports entry.
import { describe, expect, it } from 'vitest';
import { portVerdict, roleOfPort } from '../../agent/checks/network/port-verdict.js';
import { portStateOf } from '../../agent/checks/network/tcp-probe.js';

describe('EX-2 port verdict', () => {
  it.each([
    // role, own open, partner open, expected status
    ['https', true, false, 'pass'],
    ['https', true, true, 'pass'],
    ['https', false, true, 'pass'], // with the note to set the integration to 2610
    ['https', false, false, 'fail'],
    ['alternativeHttps', false, true, 'pass'], // not needed
    ['alternativeHttps', true, false, 'pass'],
    ['alternativeHttps', false, false, 'fail'],
    ['http', false, undefined, 'warn'],
    ['http', true, undefined, 'pass'],
    ['required', false, undefined, 'fail'],
    ['required', true, undefined, 'pass'],
  ] as const)('%s own=%s partner=%s → %s', (role, own, partner, status) => {
    expect(portVerdict(role, own, partner).status).toBe(status);
  });

  it('says what to do when only 2610 is open', () => {
    expect(portVerdict('https', false, true).note).toMatch(/set the integration's port to 2610/);
    expect(portVerdict('alternativeHttps', false, true).note).toMatch(/not needed/);
    expect(portVerdict('http', false, undefined).code).toBe('MB_HTTP_PORT_CLOSED');
  });

  it('an explicitly named port is required, whatever its number', () => {
    expect(roleOfPort(443, [443])).toBe('required');
    expect(roleOfPort(443, [])).toBe('https');
    expect(roleOfPort(2610, [])).toBe('alternativeHttps');
    expect(roleOfPort(80, [])).toBe('http');
    expect(roleOfPort(8443, [8443])).toBe('required');
  });

  it('tells refused, timed out, unreachable and reset apart', () => {
    expect(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EWHATEVER'].map(portStateOf)).toEqual([
      'refused', 'timeout', 'unreachable', 'unreachable', 'reset', 'error',
    ]);
  });
});
