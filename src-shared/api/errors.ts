/** Errors cross every transport as plain data: `{ code, message }`. */
export type ApiErrorCode = 'bad-request' | 'not-found' | 'conflict' | 'unauthorized' | 'unavailable' | 'internal';

export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
  toData(): ApiErrorData {
    return { code: this.code, message: this.message };
  }
  static fromData(data: ApiErrorData): ApiError {
    return new ApiError(data.code, data.message);
  }
}

/** HTTP status for an API error, for the headless server. */
export function httpStatusOf(code: ApiErrorCode): number {
  switch (code) {
    case 'bad-request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}
