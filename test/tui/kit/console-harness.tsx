/**
 * Rendering the real console (tui/App) with ink-testing-library against a real agent
 * socket, at a chosen terminal size (80×24 by default, resizable), with helpers to press
 * keys and wait for a frame — React 19 batches renders, so tests wait for content rather
 * than assume it after a key.
 */
import { render } from 'ink-testing-library';
import { App } from '../../../tui/App.js';
import type { AgentLauncher } from '../../../tui/state/agent-launcher.js';
import type { Place } from '../../../tui/state/navigation.js';
import { BIN } from '../../kit/built-cli.js';

export const KEYS = {
  up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D',
  enter: '\r', escape: '\u001B', tab: '\t', backspace: '\u007F', space: ' ',
} as const;

export interface ConsoleSize {
  columns: number;
  rows: number;
}

export interface ConsoleUnderTest {
  lastFrame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  waitFor(expected: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  resize(size: ConsoleSize): void;
  unmount(): void;
}

export function launcherFor(env: Record<string, string>): AgentLauncher {
  return { command: process.execPath, args: [BIN, 'agent'], env };
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function renderConsole(options: { socketPath: string; env: Record<string, string>; initial?: Place; size?: ConsoleSize; exportDir?: string }): Promise<ConsoleUnderTest> {
  const instance = render(<App socketPath={options.socketPath} launcher={launcherFor(options.env)} initial={options.initial} statusIntervalMs={500} exportDir={options.exportDir} />);
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
  const resize = (size: ConsoleSize): void => {
    Object.defineProperty(stdout, 'columns', { value: size.columns, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: size.rows, configurable: true });
    stdout.emit('resize');
  };
  resize(options.size ?? { columns: 80, rows: 24 });
  const lastFrame = (): string => instance.lastFrame() ?? '';
  const matches = (frame: string, expected: string | RegExp | ((frame: string) => boolean)): boolean =>
    typeof expected === 'string' ? frame.includes(expected) : expected instanceof RegExp ? expected.test(frame) : expected(frame);
  return {
    lastFrame,
    async press(...keys) {
      for (const key of keys) {
        instance.stdin.write(key);
        // Let React 19's scheduler flush the render the key caused before the next key.
        await tick(15);
      }
    },
    async type(text) {
      for (const ch of text) {
        instance.stdin.write(ch);
        await tick(2);
      }
      await tick(15);
    },
    async waitFor(expected, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const frame = lastFrame();
        if (matches(frame, expected)) return frame;
        await tick(20);
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(expected)}; last frame:\n${JSON.stringify(lastFrame())}`);
    },
    resize,
    unmount: () => instance.unmount(),
  };
}
