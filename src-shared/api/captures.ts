// The captures/* methods; filled in by the captures work.
export const capturesMethods = {} as const;
export interface CapturesResults {}
