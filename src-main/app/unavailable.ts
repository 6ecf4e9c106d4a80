import type { ApiHandlers } from '../../src-shared/api/client';
import { UnavailableError } from '../../src-shared/errors/domain-error';
import { METHOD_NAMES, type MethodName } from '../../src-shared/api/index';

/** What a domain's methods need, in words, for the "not available" message. */
const FEATURE_OF_DOMAIN: Record<string, string> = {
  devices: 'the embedded ACS',
  tasks: 'the embedded ACS',
  traffic: 'the traffic store',
  server: 'the server status',
  certs: 'certificate management',
  captures: 'capture files',
  proxy: 'the capture proxy',
  datamodel: 'the data model service',
  conformance: 'the conformance checks',
  settings: 'the ACS settings',
  files: 'the ACS file store',
  tests: 'the test runner',
  replay: 'trace replay',
};

/**
 * A handler for every method that answers `unavailable`: the base the composition root spreads the
 * real services over, so `ApiHandlers` stays complete while some services are not part of a build.
 */
export function unavailableHandlers(methods: readonly MethodName[] = METHOD_NAMES): ApiHandlers {
  const out: Record<string, () => never> = {};
  for (const method of methods) {
    const domain = method.split('/')[0];
    const feature = FEATURE_OF_DOMAIN[domain] ?? domain;
    out[method] = () => {
      throw new UnavailableError(`${method}: ${feature} is not available in this build`);
    };
  }
  return out as unknown as ApiHandlers;
}
