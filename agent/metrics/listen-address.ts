/**
 * Parses the `--metrics` address (`HOST:PORT`, `[IPv6]:PORT` or `PORT` alone = loopback).
 * Any address the operator names is allowed — an MSP may scrape across its own network —
 * but a bare port and every example bind 127.0.0.1 only (ecosystem.md E.2).
 */
import net from 'node:net';
import { OperatorError } from '../../src/errors/operator-error.js';

export interface ListenAddress {
  host: string;
  port: number;
  /** True for 127.0.0.0/8, ::1 and localhost. */
  loopback: boolean;
}

function invalid(value: string, problem: string): OperatorError {
  return new OperatorError({
    code: 'MB_METRICS_ADDRESS_INVALID', family: 'config', field: '--metrics', exitCode: 2,
    message: `--metrics ${JSON.stringify(value)}: ${problem}`,
    cause: 'The metrics endpoint needs an address to listen on, as HOST:PORT.',
    fix: ['Pass for example `--metrics 127.0.0.1:9464` (loopback, for a scraper on the same host), `--metrics [::1]:9464`, or just a port such as `--metrics 9464`.'],
  });
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
}

export function parseListenAddress(value: string): ListenAddress {
  const text = value.trim();
  let host = '127.0.0.1';
  let portText = text;
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2] ?? '';
  } else if (text.includes(':')) {
    const at = text.lastIndexOf(':');
    host = text.slice(0, at);
    portText = text.slice(at + 1);
    if (host.includes(':')) throw invalid(value, 'an IPv6 address needs brackets, as [::1]:9464');
  }
  if (!/^\d+$/.test(portText)) throw invalid(value, `the port "${portText}" is not a number`);
  const port = Number(portText);
  // 0 asks the kernel for a free port (tests); the bound address is logged and in STATUS=.
  if (port > 65_535) throw invalid(value, `the port ${port} is outside 0..65535`);
  if (host === '') throw invalid(value, 'the host is empty');
  if (host !== 'localhost' && net.isIP(host) === 0 && !/^[A-Za-z0-9.-]+$/.test(host)) throw invalid(value, `"${host}" is neither an IP address nor a host name`);
  return { host, port, loopback: isLoopbackHost(host) };
}
