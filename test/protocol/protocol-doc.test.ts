// docs/protocol.md is what script writers read (issue #2, AG-4): every method of the
// table and every error code the agent can send must be documented there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_DATA_SCHEMAS } from '../../src/protocol/schemas/event-schemas.js';
import { METHOD_NAMES, RpcErrorCode } from '../../src/protocol/index.js';
import { REPO_ROOT } from '../kit/built-cli.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'protocol.md'), 'utf8');

describe('docs/protocol.md', () => {
  it.each(METHOD_NAMES)('documents the method %s', (method) => {
    expect(doc).toContain(`| \`${method}\` |`);
  });

  it.each(Object.keys(EVENT_DATA_SCHEMAS))('documents the notification %s', (method) => {
    expect(doc).toContain(`| \`${method}\` |`);
  });

  it.each(Object.entries(RpcErrorCode))('documents the error code %s (%i)', (_name, code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});
