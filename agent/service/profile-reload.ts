/**
 * SIGHUP: reload the profiles from disk without dropping work (AG-1, ecosystem.md E.5 —
 * an RMM/Ansible run edits /etc/mailbridge/profiles.json and sends `systemctl reload`).
 *
 * The repository reads profiles.json on every access, so "reloading" means: validate the
 * file as it is now, compare it with the set the agent last acted on, and tell the rest
 * of the agent what changed — a `profiles.changed` event per profile for subscribers
 * (console, scripts) and `onSaved` for the sync engine, which applies a change to a
 * profile with a running sync only after that run ends (EX-9, the same path as a save
 * through the socket). A file that no longer validates changes nothing: the error is
 * logged and the last good set stays the agent's view.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { changedResyncFields } from '../../src/profiles/resync-fields.js';
import type { AgentEvent } from '../../src/protocol/schemas/event-schemas.js';
import { validateProfileSet } from '../../src/profiles/validate-profile.js';

export interface ProfileReloadOutcome {
  ok: boolean;
  created: string[];
  updated: string[];
  deleted: string[];
  /** When !ok: why the file was not taken. */
  error?: string;
}

export interface ProfileReloaderDeps {
  /** Reads and parses the file now (ProfileRepository.list). */
  read: () => Profile[];
  publish: (event: AgentEvent) => void;
  /** The sync engine's hook (SyncSubsystem.profileSaved): applies now or after the running run. */
  onSaved?: (profile: Profile, resyncFields: string[]) => void;
  /** A profile was removed from the file (the sync engine may stop scheduling it). */
  onDeleted?: (name: string) => void;
  log: Logger;
}

/** Pure: what differs between two profile sets. */
export function diffProfiles(before: readonly Profile[], after: readonly Profile[]): { created: Profile[]; updated: Profile[]; deleted: string[] } {
  const old = new Map(before.map((p) => [p.name, p]));
  const names = new Set(after.map((p) => p.name));
  return {
    created: after.filter((p) => !old.has(p.name)),
    updated: after.filter((p) => old.has(p.name) && !isDeepStrictEqual(old.get(p.name), p)),
    deleted: before.filter((p) => !names.has(p.name)).map((p) => p.name),
  };
}

export class ProfileReloader {
  private known: Profile[];

  constructor(private readonly deps: ProfileReloaderDeps) {
    this.known = deps.read();
  }

  /** Takes note of a change made through the socket, so the next reload does not report it again. */
  remember(): void {
    try {
      this.known = this.deps.read();
    } catch {
      // a broken file is reported by the next reload
    }
  }

  reload(): ProfileReloadOutcome {
    let next: Profile[];
    try {
      next = this.deps.read();
      const errors = validateProfileSet(next).filter((i) => i.severity === 'error');
      if (errors.length > 0) throw new Error(errors.map((i) => `${i.profile ?? '?'} ${i.path}: ${i.message}`).join('; '));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error({ err: error }, 'profile reload refused: the file does not validate; the agent keeps the profiles it had');
      return { ok: false, created: [], updated: [], deleted: [], error: message };
    }
    const { created, updated, deleted } = diffProfiles(this.known, next);
    const before = new Map(this.known.map((p) => [p.name, p]));
    this.known = next;
    for (const profile of [...created, ...updated]) {
      const fields = changedResyncFields(before.get(profile.name), profile);
      const change = before.has(profile.name) ? 'updated' : 'created';
      this.deps.log.info({ profile: profile.name, change, resyncFields: fields }, 'profile reloaded');
      this.deps.publish({ type: 'profiles.changed', data: { name: profile.name, change } });
      this.deps.onSaved?.(profile, fields);
    }
    for (const name of deleted) {
      this.deps.log.info({ profile: name, change: 'deleted' }, 'profile reloaded');
      this.deps.publish({ type: 'profiles.changed', data: { name, change: 'deleted' } });
      this.deps.onDeleted?.(name);
    }
    return { ok: true, created: created.map((p) => p.name), updated: updated.map((p) => p.name), deleted };
  }
}
