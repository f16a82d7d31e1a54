/**
 * What the console remembers while it runs, across screens: the last check report per
 * profile (the dashboard's health column), the troubleshooting session's history (the
 * Markdown export tells the whole story), and the wizard's draft (kept when the operator
 * jumps to another screen and back). Plain data, no React.
 */
import type { CheckReport } from '../../src/checks/check-report.js';

export interface SessionEvent {
  at: Date;
  /** What happened, in words: "ran all checks for demo-onprem: 9 pass, 1 fail". */
  text: string;
}

export class ConsoleSession {
  /** Where Markdown exports go (the directory the console was started in). */
  constructor(readonly exportDir: string = process.cwd()) {}

  readonly reports = new Map<string, CheckReport>();
  readonly history: SessionEvent[] = [];
  wizardDraft: unknown;

  record(text: string, at = new Date()): void {
    this.history.push({ at, text });
  }
}
