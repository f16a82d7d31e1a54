// The agent's Node.js options (src/runtime/agent-node-options.ts) are the same wherever the
// agent is started: both systemd units and the console's launcher (#7, #8).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_NODE_OPTIONS } from '../../src/runtime/agent-node-options.js';
import { defaultAgentLauncher } from '../../tui/state/agent-launcher.js';

const root = path.resolve(import.meta.dirname, '../..');

describe("the agent's Node.js options", () => {
  it.each(['mailbridge-agent.service', 'mailbridge.service'])('%s sets exactly them in NODE_OPTIONS', (unit) => {
    const text = readFileSync(path.join(root, 'docs/systemd', unit), 'utf8');
    const lines = text.split('\n').filter((l) => /^Environment="?NODE_OPTIONS=/.test(l));
    expect(lines).toHaveLength(1);
    const value = (lines[0] as string).replace(/^Environment="?NODE_OPTIONS=/, '').replace(/"$/, '');
    expect(value.split(' ')).toEqual([...AGENT_NODE_OPTIONS]);
  });

  it('the console starts the agent with them, before the script', () => {
    const launcher = defaultAgentLauncher({});
    expect(launcher.args.slice(0, AGENT_NODE_OPTIONS.length)).toEqual([...AGENT_NODE_OPTIONS]);
    expect(launcher.args.at(-1)).toBe('agent');
  });
});
