/**
 * The workbench's STUN server (RFC 5389 Binding, answering RFC 3489 clients in kind) for TR-111 Part 2:
 * it tells each CPE its public binding, and remembers the bindings CPEs announce for UDP connection
 * requests (CONNECTION-REQUEST-BINDING), by the STUN USERNAME they send.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { addressAttribute, attribute, ATTR, checkIntegrity, BINDING_ERROR, BINDING_REQUEST, BINDING_SUCCESS, CONNECTION_REQUEST_BINDING_VALUE, decodeStun, encodeStun, looksLikeStun, type StunAttribute } from './stun-message';

export interface UdpBinding {
  /** The STUN USERNAME (the CPE's ManagementServer.STUNUsername); '' when it sent none. */
  username: string;
  address: string;
  port: number;
  /** The CPE said its binding changed (BINDING-CHANGE). */
  changed: boolean;
  at: number;
}

export class StunServer {
  private socket: Socket | null = null;
  private readonly bindings = new Map<string, UdpBinding>();
  /** Datagrams that were not STUN Binding Requests, dropped. */
  dropped = 0;

  /** Binding Requests refused for a missing or wrong MESSAGE-INTEGRITY. */
  unauthorized = 0;

  constructor(
    private readonly options: {
      host: string;
      port: number;
      onBinding?: (b: UdpBinding) => void;
      /** The STUNPassword set for a STUN username: requests under it must carry a valid MESSAGE-INTEGRITY. */
      passwordFor?: (username: string) => string | undefined;
    },
  ) {}

  /** Listens; resolves with the bound port. */
  start(): Promise<number> {
    const socket = createSocket(this.options.host.includes(':') ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('message', (msg, rinfo) => {
      try {
        this.onMessage(msg, rinfo);
      } catch {
        this.dropped++; // an address it cannot report (IPv6): nothing to answer
      }
    });
    // A stray ICMP error (port unreachable after a reply) must not take the server down.
    socket.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, this.options.host, () => {
        socket.off('error', reject);
        resolve(socket.address().port);
      });
    });
  }

  get port(): number | undefined {
    return this.socket?.address().port;
  }

  /** The latest connection-request binding a CPE announced under this username. */
  binding(username: string): UdpBinding | undefined {
    return this.bindings.get(username);
  }

  stop(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    return new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    if (!looksLikeStun(msg)) {
      this.dropped++;
      return;
    }
    let req;
    try {
      req = decodeStun(msg);
    } catch {
      this.dropped++;
      return;
    }
    if (req.type !== BINDING_REQUEST) {
      this.dropped++;
      return;
    }
    const username = attribute(req, ATTR.USERNAME)?.toString('utf8') ?? '';
    const crb = attribute(req, ATTR.CONNECTION_REQUEST_BINDING);
    const attrs: StunAttribute[] = [];
    const password = username ? this.options.passwordFor?.(username) : undefined;
    if (password && checkIntegrity(msg, req, password) !== 'ok') {
      // TR-111: with a STUNPassword the CPE signs its requests; an unsigned or forged one teaches nothing.
      this.unauthorized++;
      attrs.push({ type: ATTR.ERROR_CODE, value: errorValue(401, 'Unauthorized: MESSAGE-INTEGRITY missing or wrong') });
      this.reply(encodeStun({ type: BINDING_ERROR, transactionId: req.transactionId, cookie: req.cookie, attributes: attrs }), rinfo);
      return;
    }
    if (crb && crb.toString('latin1') !== CONNECTION_REQUEST_BINDING_VALUE) {
      attrs.push({ type: ATTR.ERROR_CODE, value: errorValue(400, 'CONNECTION-REQUEST-BINDING must be "dslforum.org/TR-111 "') });
      this.reply(encodeStun({ type: BINDING_ERROR, transactionId: req.transactionId, cookie: req.cookie, attributes: attrs }), rinfo);
      return;
    }
    if (crb) {
      const b: UdpBinding = { username, address: rinfo.address, port: rinfo.port, changed: attribute(req, ATTR.BINDING_CHANGE) !== undefined, at: Date.now() };
      this.bindings.set(username, b);
      this.options.onBinding?.(b);
    }
    // Both forms: RFC 3489 CPEs read MAPPED-ADDRESS, RFC 5389 clients XOR-MAPPED-ADDRESS.
    attrs.push(addressAttribute(rinfo.address, rinfo.port, false));
    if (req.cookie) attrs.push(addressAttribute(rinfo.address, rinfo.port, true));
    attrs.push({ type: ATTR.SOFTWARE, value: Buffer.from('CWMP Workbench') });
    this.reply(encodeStun({ type: BINDING_SUCCESS, transactionId: req.transactionId, cookie: req.cookie, attributes: attrs }), rinfo);
  }

  private reply(bytes: Buffer, to: RemoteInfo): void {
    this.socket?.send(bytes, to.port, to.address);
  }
}

function errorValue(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8');
  const v = Buffer.alloc(4 + text.length);
  v[2] = Math.floor(code / 100);
  v[3] = code % 100;
  text.copy(v, 4);
  return v;
}
