/**
 * Deliberate faults the built-in simulator can be given, so the test suite can be shown to catch them:
 * each one makes the simulated CPE break one TR-069 rule (docs/test-suite.md lists the case that catches
 * each). Off by default; switched on with the simulator's `faults` option or `serve --sim-fault NAME`.
 */
export const SIM_FAULTS = {
  'no-cookies': 'never returns the session cookie the ACS sets',
  'wrong-instance-numbers': 'AddObject reports an instance number other than the one it created',
  'spv-not-atomic': 'SetParameterValues applies the good values even when another one is refused',
  'no-m-reboot': 'the Inform after a Reboot lacks the M Reboot event',
  'ignores-notification': 'a value change on the device is never notified, whatever the notification attribute',
  'accepts-wrong-type': 'SetParameterValues accepts a value sent with the wrong xsi:type',
  'transfer-complete-wrong-session': 'TransferComplete is sent in some later session, without 7 TRANSFER COMPLETE or M Download',
  'accepts-bad-certificate': 'accepts any ACS server certificate (unknown CA, expired, wrong host name)',
  'parameter-key-ignored': 'SetParameterValues, AddObject and DeleteObject leave ParameterKey unchanged',
  'next-level-ignored': 'GetParameterNames with NextLevel true lists the whole subtree',
  'cr-without-auth': 'accepts connection requests without credentials',
  'wrong-cwmp-id': 'answers ACS requests with a cwmp:ID other than the request\'s',
  'ignores-hold-requests': 'sends its own requests (TransferComplete) even while the ACS sets HoldRequests',
  'no-9005': 'GetParameterValues of a name that does not exist answers with an empty list instead of fault 9005',
  'no-periodic-inform': 'never sends periodic Informs',
} as const;

export type SimFaultName = keyof typeof SIM_FAULTS;
export type SimFaults = ReadonlySet<SimFaultName>;

export const NO_FAULTS: SimFaults = new Set();

export function isSimFault(name: string): name is SimFaultName {
  return Object.hasOwn(SIM_FAULTS, name);
}

/** Checks fault names (from a CLI flag or an environment variable); throws naming the unknown one. */
export function parseSimFaults(names: readonly string[]): SimFaultName[] {
  const out: SimFaultName[] = [];
  for (const raw of names.flatMap((n) => n.split(','))) {
    const name = raw.trim();
    if (!name) continue;
    if (!isSimFault(name)) throw new Error(`unknown simulator fault "${name}"; known: ${Object.keys(SIM_FAULTS).join(', ')}`);
    out.push(name);
  }
  return out;
}
