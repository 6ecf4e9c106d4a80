/**
 * A simulated CPE's TR-111 Part 2 side: one UDP socket that both learns its public binding from the
 * ACS's STUN server (a Binding Request carrying CONNECTION-REQUEST-BINDING, sent from this socket so the
 * binding is the one connection requests must reach) and receives UDP connection requests, acting on
 * correctly signed ones once and ignoring copies, replays and bad signatures.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { ATTR, BINDING_SUCCESS, BINDING_REQUEST, CONNECTION_REQUEST_BINDING_VALUE, decodeStun, encodeStun, looksLikeStun, mappedAddress, type StunAttribute } from '../stun/stun-message';
import { UdpCrVerifier } from '../stun/udp-connection-request';

export interface UdpCrStats {
  accepted: number;
  duplicates: number;
  replayed: number;
  badSignature: number;
}

export class UdpCrEndpoint {
  private socket: Socket | null = null;
  private readonly verifier: UdpCrVerifier;
  private readonly waiting = new Map<string, (binding: { address: string; port: number }) => void>();
  private lastBinding: string | undefined;
  readonly stats: UdpCrStats = { accepted: 0, duplicates: 0, replayed: 0, badSignature: 0 };

  constructor(
    private readonly options: {
      host: string;
      credentials: () => { username: string; password: string } | null;
      /** A correctly signed, new connection request arrived. */
      onRequest: () => void;
    },
  ) {
    this.verifier = new UdpCrVerifier(options.credentials);
  }

  private async open(): Promise<Socket> {
    if (this.socket) return this.socket;
    const socket = createSocket('udp4');
    socket.on('message', (msg) => this.onMessage(msg));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, this.options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.socket = socket;
    return socket;
  }

  /**
   * Asks the STUN server for this socket's binding, announcing it for connection requests; resolves with
   * the binding (`host:port`), or rejects after a few unanswered tries.
   */
  async learnBinding(server: { host: string; port: number }, username: string, password = '', tries = 3, waitMs = 500): Promise<string> {
    // With a STUNPassword the requests carry MESSAGE-INTEGRITY keyed by it.
    const key = password ? password : undefined;
    const socket = await this.open();
    for (let i = 0; i < tries; i++) {
      const tid = randomBytes(12);
      const attrs: StunAttribute[] = [];
      if (username) attrs.push({ type: ATTR.USERNAME, value: Buffer.from(username, 'utf8') });
      attrs.push({ type: ATTR.CONNECTION_REQUEST_BINDING, value: Buffer.from(CONNECTION_REQUEST_BINDING_VALUE, 'latin1') });
      const got = new Promise<{ address: string; port: number } | null>((resolve) => {
        const timer = setTimeout(() => {
          this.waiting.delete(tid.toString('hex'));
          resolve(null);
        }, waitMs);
        this.waiting.set(tid.toString('hex'), (b) => {
          clearTimeout(timer);
          resolve(b);
        });
      });
      socket.send(encodeStun({ type: BINDING_REQUEST, transactionId: tid, attributes: attrs }, key), server.port, server.host);
      const b = await got;
      if (b) {
        const binding = `${b.address}:${b.port}`;
        // A binding other than the one announced before: say so (TR-111 BINDING-CHANGE), once.
        if (this.lastBinding !== undefined && this.lastBinding !== binding) {
          socket.send(encodeStun({ type: BINDING_REQUEST, transactionId: randomBytes(12), attributes: [...attrs, { type: ATTR.BINDING_CHANGE, value: Buffer.alloc(0) }] }, key), server.port, server.host);
        }
        this.lastBinding = binding;
        return binding;
      }
    }
    throw new Error(`no answer from the STUN server ${server.host}:${server.port}`);
  }

  /** The local port connection requests arrive on (once open). */
  get port(): number | undefined {
    return this.socket?.address().port;
  }

  close(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    return new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }

  private onMessage(msg: Buffer): void {
    if (looksLikeStun(msg)) {
      try {
        const m = decodeStun(msg);
        const done = this.waiting.get(m.transactionId.toString('hex'));
        const b = m.type === BINDING_SUCCESS ? mappedAddress(m) : undefined;
        if (done && b) {
          this.waiting.delete(m.transactionId.toString('hex'));
          done(b);
        }
      } catch {
        // not for us
      }
      return;
    }
    switch (this.verifier.check(msg)) {
      case 'accept':
        this.stats.accepted++;
        this.options.onRequest();
        return;
      case 'duplicate':
        this.stats.duplicates++;
        return;
      case 'replayed':
        this.stats.replayed++;
        return;
      case 'bad-signature':
        this.stats.badSignature++;
        return;
      case 'not-a-request':
        return;
    }
  }
}
