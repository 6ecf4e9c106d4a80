// The proxy/* methods; filled in by the proxy work.
export const proxyMethods = {} as const;
export interface ProxyResults {}
