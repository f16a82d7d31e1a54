// The agent's Node.js options (src/runtime/agent-node-options.ts) are the same wherever the
// agent is started: both systemd units and the console's launcher (#7, #8).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_NODE_OPTIONS, AGENT_V8_FLAGS } from '../../src/runtime/agent-node-options.js';
import { defaultAgentLauncher } from '../../tui/state/agent-launcher.js';

const root = path.resolve(import.meta.dirname, '../..');

describe("the agent's Node.js options", () => {
  it.each(['mailbridge-agent.service', 'mailbridge.service'])('%s sets exactly them in NODE_OPTIONS', (unit) => {
    const text = readFileSync(path.join(root, 'docs/systemd', unit), 'utf8');
    const lines = text.split('\n').filter((l) => /^Environment="?NODE_OPTIONS=/.test(l));
    expect(lines).toHaveLength(1);
    const value = (lines[0] as string).replace(/^Environment="?NODE_OPTIONS=/, '').replace(/"$/, '');
    expect(value.split(' ')).toEqual([...AGENT_NODE_OPTIONS]);
    // Node refuses some V8 flags in NODE_OPTIONS and then does not start at all: this one must start.
    const started = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'], { env: { ...process.env, NODE_OPTIONS: value }, encoding: 'utf8' });
    expect(started.status, started.stderr).toBe(0);
  });

  it('the agent sets the flags Node refuses in NODE_OPTIONS on itself', () => {
    expect(AGENT_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of AGENT_V8_FLAGS) {
      const refused = spawnSync(process.execPath, ['-e', '0'], { env: { ...process.env, NODE_OPTIONS: flag }, encoding: 'utf8' });
      expect(refused.status, `${flag} is allowed in NODE_OPTIONS: move it to AGENT_NODE_OPTIONS`).not.toBe(0);
    }
    const source = readFileSync(path.join(root, 'agent/service/run-agent-service.ts'), 'utf8');
    expect(source).toMatch(/applyAgentV8Flags\(\);/);
  });

  it('the console starts the agent with them, before the script', () => {
    const launcher = defaultAgentLauncher({});
    expect(launcher.args.slice(0, AGENT_NODE_OPTIONS.length)).toEqual([...AGENT_NODE_OPTIONS]);
    expect(launcher.args.at(-1)).toBe('agent');
  });
});
