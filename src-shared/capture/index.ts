/** Capture files and what is derived from them; pure, shared by main and renderer. */
export * from './bytes';
export * from './format';
export * from './sessions';
export * from './har';
export * from './numbered-xml';
export * from './transcript';
export * from './devices';
