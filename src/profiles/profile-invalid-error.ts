/**
 * The error a rejected profile raises: every issue with its rule and fix, the first one
 * as the message. Carries `issues` so the agent answers -32001 (invalid profile) with
 * them as typed data (agent/server/method-error.ts) and the CLI prints them all.
 */
import { OperatorError } from '../errors/operator-error.js';
import type { ProfileIssue } from './profile-issue.js';

export class ProfileInvalidError extends OperatorError {
  readonly issues: ProfileIssue[];

  constructor(issues: ProfileIssue[], subject = 'profile') {
    const errors = issues.filter((i) => i.severity === 'error');
    const first = errors[0] ?? issues[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super({
      code: 'MB_PROFILE_INVALID',
      family: 'config',
      message: `invalid ${subject}: ${first?.message ?? 'no details'}${more}`,
      cause: `The ${subject} breaks ${errors.length} validation rule${errors.length === 1 ? '' : 's'}; nothing was saved.`,
      fix: errors.map((i) => `${i.profile ? `[${i.profile}] ` : ''}${i.path}: ${i.fix} (${i.rule}, ${i.code})`),
      ...(first ? { rule: first.rule, field: first.path } : {}),
      details: { issues },
      exitCode: 2,
    });
    this.name = 'ProfileInvalidError';
    this.issues = issues;
  }
}
