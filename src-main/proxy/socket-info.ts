import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ConnectionInfo } from '../../src-shared/traffic/exchange';

/** A new connection's record: its id and both ends' addresses. */
export function socketInfo(socket: Socket): ConnectionInfo {
  return {
    id: randomUUID(),
    remoteAddress: socket.remoteAddress ?? '',
    remotePort: socket.remotePort ?? 0,
    localAddress: socket.localAddress ?? '',
    localPort: socket.localPort ?? 0,
  };
}
