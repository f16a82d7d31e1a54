/**
 * Every operator-facing failure of the secret store, as a table: code → what is
 * wrong, why, and the steps that fix it. Backends raise them by code with the facts
 * (paths, sources, reasons) and never with a secret value.
 */
import { OperatorError, type ErrorFamily } from '../../src/errors/operator-error.js';

interface Entry<D> {
  family: ErrorFamily;
  exitCode?: 1 | 2;
  field?: (d: D) => string | undefined;
  message: (d: D) => string;
  cause: (d: D) => string;
  fix: (d: D) => string[];
}

const MOVE_ASIDE = (vaultPath: string): string =>
  `If the old secrets cannot be recovered: move the vault aside (mv ${vaultPath} ${vaultPath}.lost) and enter the secrets again with \`mailbridge secrets set PROFILE FIELD --stdin\`.`;

const SECRET_ERRORS = {
  MB_VAULT_KEY_INVALID: {
    family: 'config',
    exitCode: 2,
    field: (d: { source: string; problem: string }) => d.source,
    message: (d: { source: string; problem: string }) => `vault key from ${d.source} ${d.problem}`,
    cause: () => 'The secret vault is encrypted with AES-256-GCM and needs a 32-byte key, written as 64 hexadecimal characters or as base64 of 32 bytes.',
    fix: (d: { source: string; problem: string }) => [
      `Correct ${d.source}; a new key is made with \`openssl rand -hex 32\`.`,
      'If a vault already exists, the key must be the one it was written with.',
    ],
  },
  MB_VAULT_KEY_MISSING: {
    family: 'config',
    message: (d: { vaultPath: string; keyPath: string }) => `the secret vault ${d.vaultPath} exists but its key was not found`,
    cause: (d: { vaultPath: string; keyPath: string }) =>
      `No MAILBRIDGE_VAULT_KEY, no systemd credential "vault-key" and no key file ${d.keyPath}. A new key would not open the existing vault, so none is generated.`,
    fix: (d: { vaultPath: string; keyPath: string }) => [
      `Restore the key file ${d.keyPath} from a backup (mode 0600), or set MAILBRIDGE_VAULT_KEY to the key the vault was written with.`,
      MOVE_ASIDE(d.vaultPath),
    ],
  },
  MB_VAULT_KEY_FILE_MODE: {
    family: 'permissions',
    message: (d: { keyPath: string; mode: string }) => `the vault key file ${d.keyPath} is readable by other users (mode ${d.mode})`,
    cause: () => 'Anyone who can read the key file can decrypt every stored secret, so mailbridge refuses a key file that is not private.',
    fix: (d: { keyPath: string; mode: string }) => [`chmod 600 ${d.keyPath}`, 'Consider the stored secrets exposed and rotate them if other users had access.'],
  },
  MB_VAULT_WRONG_KEY: {
    family: 'config',
    message: (d: { vaultPath: string; keySource: string }) => `the secret vault ${d.vaultPath} was written with a different key than the one from ${d.keySource}`,
    cause: () => 'The vault records a fingerprint of its key; the key supplied now does not match, so it cannot decrypt the vault. Nothing was changed.',
    fix: (d: { vaultPath: string; keySource: string }) => [
      'Supply the key the vault was written with (MAILBRIDGE_VAULT_KEY, the systemd credential "vault-key", or the key file vault.key in the state directory).',
      MOVE_ASIDE(d.vaultPath),
    ],
  },
  MB_VAULT_TAMPERED: {
    family: 'config',
    message: (d: { vaultPath: string }) => `the secret vault ${d.vaultPath} failed its integrity check`,
    cause: () => 'The key is right, but the encrypted data does not match its authentication tag: the file was modified or damaged on disk. Nothing was changed.',
    fix: (d: { vaultPath: string }) => ['Restore the vault file from a backup.', MOVE_ASIDE(d.vaultPath)],
  },
  MB_VAULT_CORRUPT: {
    family: 'config',
    message: (d: { vaultPath: string; problem: string }) => `the secret vault ${d.vaultPath} is not readable: ${d.problem}`,
    cause: () => 'The file is not a mailbridge vault (damaged, truncated or replaced). Nothing was changed.',
    fix: (d: { vaultPath: string; problem: string }) => ['Restore the vault file from a backup.', MOVE_ASIDE(d.vaultPath)],
  },
  MB_VAULT_FROM_NEWER_VERSION: {
    family: 'config',
    message: (d: { vaultPath: string; version: number }) => `the secret vault ${d.vaultPath} has format version ${d.version}, newer than this mailbridge understands`,
    cause: () => 'A newer mailbridge wrote the vault; this version cannot read it and will not overwrite it.',
    fix: () => ['Run the newer mailbridge version again (upgrade this installation).'],
  },
  MB_SECRET_FILE_IO: {
    family: 'permissions',
    message: (d: { path: string; operation: string; errno: string }) => `cannot ${d.operation} ${d.path}: ${d.errno}`,
    cause: () => 'A file of the secret store (the state directory, the vault, its key or a credential) is not accessible to the user the agent runs as.',
    fix: (d: { path: string; operation: string; errno: string }) => [
      `Check ownership and permissions: ls -ld ${d.path} (the state directory belongs to the agent's user, mode 0700; its files 0600).`,
      'Check free disk space (df -h).',
    ],
  },
  MB_VAULT_BUSY: {
    family: 'other',
    message: (d: { vaultPath: string; lockPath: string; holder: string; ms: number }) =>
      `the secret vault ${d.vaultPath} is being changed by another process (${d.holder}) for more than ${d.ms} ms`,
    cause: () => 'Another mailbridge process (the agent or a CLI command) holds the vault\'s write lock; changes are made one at a time so none is lost.',
    fix: (d: { vaultPath: string; lockPath: string; holder: string; ms: number }) => [
      'Wait a moment and retry.',
      `If no mailbridge process runs any more (pgrep -af mailbridge), remove the leftover lock: rm ${d.lockPath}`,
    ],
  },
  MB_SECRET_READ_ONLY: {
    family: 'config',
    message: (d: { credential: string; operation: string }) => `cannot ${d.operation} "${d.credential}": systemd credentials are read-only`,
    cause: () => 'The agent runs with the systemd credentials backend; credentials are provisioned by the service manager, not written by mailbridge.',
    fix: (d: { credential: string; operation: string }) => [
      `Encrypt the secret: systemd-ask-password -n "Secret for ${d.credential}:" | sudo systemd-creds encrypt --name=${d.credential} - /etc/credstore.encrypted/${d.credential}`,
      `Load it in the unit (sudo systemctl edit mailbridge): LoadCredentialEncrypted=${d.credential}:/etc/credstore.encrypted/${d.credential}`,
      'Restart the agent: sudo systemctl restart mailbridge',
      'To remove it, delete the LoadCredentialEncrypted= line and the file under /etc/credstore.encrypted, then restart.',
    ],
  },
  MB_SECRET_PROVIDED_BY_CREDENTIAL: {
    family: 'config',
    message: (d: { credential: string; operation: string }) => `cannot ${d.operation} "${d.credential}": it is provided by a systemd credential`,
    cause: () => 'A systemd credential of that name is loaded into the service and takes precedence; a value stored by mailbridge would never be used.',
    fix: (d: { credential: string; operation: string }) => [
      `Change it where it is provisioned: sudo systemd-creds encrypt --name=${d.credential} - /etc/credstore.encrypted/${d.credential}, then sudo systemctl restart mailbridge`,
      `Or remove the LoadCredentialEncrypted=${d.credential} line from the unit to let mailbridge store it.`,
    ],
  },
  MB_SECRET_BACKEND_UNKNOWN: {
    family: 'config',
    exitCode: 2,
    field: () => 'MAILBRIDGE_SECRET_BACKEND',
    message: (d: { value: string }) => `MAILBRIDGE_SECRET_BACKEND: ${JSON.stringify(d.value)} is not a secret backend`,
    cause: () => 'The variable forces one secret backend and accepts keytar, vault or systemd.',
    fix: () => ['Set MAILBRIDGE_SECRET_BACKEND to keytar, vault or systemd, or unset it to let mailbridge choose.'],
  },
  MB_SECRET_BACKEND_UNAVAILABLE: {
    family: 'config',
    message: (d: { backend: string; reason: string }) => `the secret backend ${d.backend} was requested but is not available: ${d.reason}`,
    cause: () => 'MAILBRIDGE_SECRET_BACKEND forces one backend, so mailbridge does not fall back to another.',
    fix: (d: { backend: string; reason: string }) => [
      d.backend === 'keytar'
        ? 'Run the agent in a session with an unlocked Secret Service (a desktop login, or dbus-run-session with gnome-keyring-daemon --unlock).'
        : 'Run the agent as a systemd service with LoadCredential=/LoadCredentialEncrypted= so $CREDENTIALS_DIRECTORY is set.',
      'Or unset MAILBRIDGE_SECRET_BACKEND to let mailbridge choose (it falls back to the encrypted vault).',
    ],
  },
  MB_KEYRING_TIMEOUT: {
    family: 'other',
    message: (d: { operation: string; ms: number }) => `the Secret Service did not answer ${d.operation} within ${d.ms} ms`,
    cause: () => 'The keyring is probably locked and waiting for a password prompt nobody can see, or the Secret Service daemon hangs.',
    fix: () => [
      'Unlock the keyring (log in on the desktop, or: printf %s PASSWORD | gnome-keyring-daemon --unlock --replace).',
      'Or run the agent with MAILBRIDGE_SECRET_BACKEND=vault to use the encrypted file vault.',
    ],
  },
  MB_KEYRING_UNAVAILABLE: {
    family: 'other',
    message: (d: { operation: string; reason: string }) => `cannot ${d.operation} in the OS keyring now: ${d.reason}`,
    cause: () =>
      'The keyring reported nothing stored, but the Secret Service no longer answers properly. A locked keyring reads as empty, so mailbridge does not treat the secret as unset.',
    fix: () => [
      'Unlock the keyring (log in on the desktop, or: printf %s PASSWORD | gnome-keyring-daemon --unlock --replace), then retry.',
      'Or run the agent with MAILBRIDGE_SECRET_BACKEND=vault and enter the secrets again with `mailbridge secrets set PROFILE FIELD --stdin`.',
    ],
  },
  MB_KEYRING_FAILED: {
    family: 'other',
    message: (d: { operation: string; problem: string }) => `the Secret Service refused ${d.operation}: ${d.problem}`,
    cause: () => 'keytar (libsecret) reported an error talking to the D-Bus Secret Service.',
    fix: () => [
      'Check that a Secret Service runs and the keyring is unlocked (secret-tool search --all service mailbridge).',
      'Or run the agent with MAILBRIDGE_SECRET_BACKEND=vault to use the encrypted file vault.',
    ],
  },
} satisfies Record<string, Entry<never>>;

export type SecretErrorCode = keyof typeof SECRET_ERRORS;
type DetailsOf<C extends SecretErrorCode> = Parameters<(typeof SECRET_ERRORS)[C]['message']>[0];

export function secretError<C extends SecretErrorCode>(code: C, details: DetailsOf<C>, underlying?: unknown): OperatorError {
  const entry = SECRET_ERRORS[code] as unknown as Entry<DetailsOf<C>>;
  return new OperatorError({
    message: entry.message(details),
    code,
    family: entry.family,
    cause: entry.cause(details),
    fix: entry.fix(details),
    field: entry.field?.(details),
    exitCode: entry.exitCode ?? 1,
    details: details as Record<string, unknown>,
    underlying,
  });
}
