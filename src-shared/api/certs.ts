// The certs/* methods; filled in by the certs work.
export const certsMethods = {} as const;
export interface CertsResults {}
