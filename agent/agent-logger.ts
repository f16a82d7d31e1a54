/**
 * The agent's logger: pino JSON lines on stdout, where a service manager (journald) or a
 * log shipper reads them (issue #8); the agent prints nothing else there. Level from
 * MAILBRIDGE_LOG_LEVEL. On a terminal the lines are pretty-printed
 * for the operator watching `mailbridge agent`; MAILBRIDGE_LOG_FORMAT=json|pretty forces one.
 *
 * Redaction is a second line of defence (AG-5): no code path logs params or secret
 * values on purpose, but should one ever log an object carrying one, these keys are
 * censored wherever they sit in the first levels of the object.
 */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Env } from '../src/paths.js';

const SECRET_KEYS = ['value', 'password', 'secret', 'clientSecret', 'privateKey', 'certificateKey', 'token', 'accessToken', 'refreshToken', 'authorization', 'vaultKey'];

/** Key paths pino censors: the key at the top level and one or two levels down. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function defaultDestination(env: Env): pino.DestinationStream {
  const format = env.MAILBRIDGE_LOG_FORMAT?.toLowerCase() ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format === 'pretty') return pretty({ destination: 1, sync: true, colorize: env.NO_COLOR === undefined || env.NO_COLOR === '', translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', singleLine: true });
  return pino.destination({ fd: 1, sync: true });
}

export function createAgentLogger(env: Env, destination: pino.DestinationStream = defaultDestination(env)): Logger {
  const requested = env.MAILBRIDGE_LOG_LEVEL?.toLowerCase();
  return pino(
    {
      name: 'mailbridge-agent',
      level: requested && LEVELS.has(requested) ? requested : 'info',
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      base: { pid: process.pid },
    },
    destination,
  );
}
