/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) for the dns.resolve tests: answers A
 * records from a table, NXDOMAIN or SERVFAIL for names listed so, and NOERROR without
 * answers (NODATA) otherwise. Just enough of RFC 1035 §4.1 to answer c-ares, so tests can
 * tell NXDOMAIN from a resolver failure without a packet leaving loopback.
 */
import dgram from 'node:dgram';

export interface DnsZone {
  a?: Record<string, string>;
  nxdomain?: string[];
  servfail?: string[];
}

export interface LoopbackDnsServer {
  /** `127.0.0.1:<port>`, for Resolver.setServers. */
  address: string;
  /** Question names received, in order (lower case). */
  queries: string[];
  close(): Promise<void>;
}

const RCODE = { noError: 0, servFail: 2, nxDomain: 3 } as const;
const TYPE_A = 1;

function readQuestion(packet: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  for (let length = packet[offset] ?? 0; length > 0; length = packet[offset] ?? 0) {
    labels.push(packet.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += 1 + length;
  }
  offset += 1;
  return { name: labels.join('.').toLowerCase(), type: packet.readUInt16BE(offset), end: offset + 4 };
}

function answer(query: Buffer, zone: DnsZone): Buffer {
  const question = readQuestion(query);
  const address = zone.a?.[question.name];
  const rcode = zone.servfail?.includes(question.name) ? RCODE.servFail : zone.nxdomain?.includes(question.name) ? RCODE.nxDomain : RCODE.noError;
  const answers = rcode === RCODE.noError && address && question.type === TYPE_A ? [address] : [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2); // QR, AA, RD echoed, RA, RCODE
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const records = answers.map((ip) => {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0); // pointer to the question name
    record.writeUInt16BE(TYPE_A, 2);
    record.writeUInt16BE(1, 4); // IN
    record.writeUInt32BE(60, 6);
    record.writeUInt16BE(4, 10);
    ip.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
    return record;
  });
  return Buffer.concat([header, query.subarray(12, question.end), ...records]);
}

export async function startLoopbackDnsServer(zone: DnsZone): Promise<LoopbackDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message, remote) => {
    queries.push(readQuestion(message).name);
    socket.send(answer(message, zone), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
