/**
 * One stored profile (profiles.get) and the names of its stored secrets (secrets.list),
 * re-read when the profile name changes or on demand after a save.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AgentClient } from '../../src/protocol/index.js';

export interface ProfileDocument {
  profile?: Record<string, unknown>;
  secretFields: string[];
  error?: string;
  loading: boolean;
  reload: () => void;
}

export function useProfileDocument(client: AgentClient, name: string | undefined): ProfileDocument {
  const [state, setState] = useState<Omit<ProfileDocument, 'reload'>>({ secretFields: [], loading: name !== undefined });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (name === undefined) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    Promise.all([client.call('profiles.get', { name }), client.call('secrets.list', { profile: name })]).then(
      ([{ profile }, { fields }]) => live && setState({ profile, secretFields: fields, loading: false }),
      (error: Error) => live && setState({ secretFields: [], loading: false, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [client, name, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
