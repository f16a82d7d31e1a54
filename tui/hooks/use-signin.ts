/**
 * The state of one device code sign-in from the console (O365-2 connect, O365-5
 * re-authenticate): starting → waiting for the user with the page and code → signed in,
 * failed (with the diagnosis KB's best match for the error) or cancelled. The child
 * process ends when the screen goes away.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentClient } from '../../src/protocol/index.js';
import type { DiagnosisMatch } from '../../src/diagnosis/diagnosis-document.js';
import type { AgentLauncher } from '../state/agent-launcher.js';
import type { DevicePrompt, SigninFailure } from '../signin/signin-output.js';
import { startSignin, type SigninRun } from '../signin/signin-process.js';

export type SigninState =
  | { phase: 'idle' }
  | { phase: 'starting'; user: string; since: number }
  | { phase: 'waiting'; user: string; since: number; prompt: DevicePrompt }
  | { phase: 'signed-in'; user: string; username: string }
  | { phase: 'failed'; user: string; failure: SigninFailure; match?: DiagnosisMatch }
  | { phase: 'cancelled'; user: string };

export interface Signin {
  state: SigninState;
  start(user: string): void;
  cancel(): void;
  reset(): void;
}

export function useSignin(client: AgentClient, launcher: AgentLauncher | undefined, profile: string | undefined, canExplain: boolean): Signin {
  const [state, setState] = useState<SigninState>({ phase: 'idle' });
  const run = useRef<SigninRun | undefined>(undefined);
  // A run that was cancelled or replaced must not write its late outcome over the new state.
  const generation = useRef(0);

  const cancel = useCallback(() => {
    run.current?.cancel();
    run.current = undefined;
    generation.current += 1;
    setState((s) => (s.phase === 'starting' || s.phase === 'waiting' ? { phase: 'cancelled', user: s.user } : s));
  }, []);

  const start = useCallback((user: string) => {
    if (!launcher || !profile) return;
    run.current?.cancel();
    const mine = ++generation.current;
    const live = (): boolean => generation.current === mine;
    setState({ phase: 'starting', user, since: Date.now() });
    run.current = startSignin(launcher, profile, user, {
      onPrompt: (prompt) => live() && setState({ phase: 'waiting', user, since: Date.now(), prompt }),
      onSignedIn: (username) => {
        if (!live()) return;
        run.current = undefined;
        setState({ phase: 'signed-in', user, username });
      },
      onFailed: (failure) => {
        if (!live()) return;
        run.current = undefined;
        setState({ phase: 'failed', user, failure });
        if (!canExplain) return;
        void client.call('diagnose.explain', { text: failure.diagnosable, maxMatches: 1 }).then(
          (doc) => live() && doc.matches[0] && setState({ phase: 'failed', user, failure, match: doc.matches[0] }),
          () => undefined,
        );
      },
    });
  }, [client, launcher, profile, canExplain]);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  useEffect(() => () => {
    generation.current += 1;
    run.current?.cancel();
  }, []);
  return { state, start, cancel, reset };
}
