/**
 * What services throw when a request cannot be served: the domain's own errors, free of any transport.
 * `src-shared/api/dispatch.ts` turns them into the contract's `ApiError` in one place; a CLI or a test
 * calling a service directly sees the same message.
 */
// The words match the contract's codes (a caller of a service and a caller of the API read the same
// `code`); the contract's own `unauthorized` belongs to transports, never to a service.
export type DomainErrorCode = 'bad-request' | 'not-found' | 'conflict' | 'unavailable' | 'internal';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is wrong (a bad field, a name that is not allowed): asking again the same way fails again. */
export class InvalidRequestError extends DomainError {
  constructor(message: string) {
    super('bad-request', message);
  }
}

/** The thing asked for does not exist (or no longer: cleared, aged out, deleted). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** The request clashes with the current state (a name in use, a recording already running). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** The service cannot do it now (not part of this build, a port in use, the ACS not listening). */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** The work was attempted and failed for a reason outside the request (a disk error, a file unreadable). */
export class OperationFailedError extends DomainError {
  constructor(message: string) {
    super('internal', message);
  }
}
