/**
 * Minimal valid profiles for the profile tests: each test changes one field and
 * expects exactly the rule that field breaks.
 */
import type { ProfileInput } from '../../src/profiles/profile-schema.js';

export function onpremInput(overrides: Record<string, unknown> = {}): ProfileInput {
  return {
    kind: 'exchange-onprem',
    name: 'Contoso on-prem',
    server: 'mail.contoso.example',
    intervalMinutes: 15,
    credentials: { kind: 'password', user: 'svc-sync@contoso.example' },
    staff: [{ user: 'alice@contoso.example', enabled: true }],
    ...overrides,
  } as ProfileInput;
}

export function onlineInput(overrides: Record<string, unknown> = {}): ProfileInput {
  return {
    kind: 'exchange-online',
    name: 'Contoso online',
    tenant: 'contoso.onmicrosoft.com',
    clientId: '11111111-2222-3333-4444-555555555555',
    intervalMinutes: 15,
    credentials: { kind: 'clientSecret' },
    staff: [{ user: 'bob@contoso.example', enabled: true }],
    ...overrides,
  } as ProfileInput;
}
