import { intFlag, parseFlags, UsageError } from './args';

export const TEST_USAGE = `usage: cwmp-workbench test [--suite builtin|FILE ...] [--only ID,...] [--skip ID,...] [--destructive]
       [--device SERIAL|OUI-CLASS-SERIAL] [--acs-port P] [--acs-tls-port P] [--data DIR] [--wait SECONDS]
       [--junit FILE] [--json FILE] [--html FILE] [--sim]

Starts an ACS, prints the URL to point the CPE at, waits for its first Inform, runs the suite against it and
prints one line per case (verdict, time, id, title).

  --suite builtin|FILE  the built-in suite (default) and/or scenario files; repeat for several
  --only ID,...         run only these cases
  --skip ID,...         leave these cases out
  --destructive         also run the cases that reboot, reset or flash the device (otherwise listed as skipped)
  --device ID           the CPE to test: its serial number or OUI-ProductClass-SerialNumber (default: the first to inform)
  --acs-port P          ACS HTTP port (default 7547; 0 = any free port)
  --acs-tls-port P      ACS HTTPS port (default 7548; 0 = any free port)
  --data DIR            data directory; if it already knows the device, a connection request starts the run at once
                        (default: a temporary directory, removed afterwards)
  --wait SECONDS        how long to wait for the first Inform (default 120)
  --junit FILE          write a JUnit XML report
  --json FILE           write a JSON report
  --html FILE           write a self-contained HTML report
  --sim                 run against the built-in simulated CPE

The ACS listens on 127.0.0.1; set CWMP_WORKBENCH_HOST=0.0.0.0 for a CPE on the bench network.
Exit status: 0 every case passed or was skipped, 1 a case failed or errored, 2 the run could not happen
(bad arguments, an unknown case id, a bad scenario file, no Inform in time, stopped with Ctrl-C).
`;

export interface TestArgs {
  suites: string[];
  only?: string[];
  skip?: string[];
  destructive: boolean;
  device?: string;
  host: string;
  acsPort: number;
  acsTlsPort: number;
  /** Ports the user did not name: a taken default moves to a free port. */
  flexiblePorts: Array<'acsPort' | 'acsTlsPort'>;
  dataDir?: string;
  waitMs: number;
  junit?: string;
  json?: string;
  html?: string;
  sim: boolean;
}

function ids(flag: string, values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const out = values.flatMap((v) => v.split(',')).map((s) => s.trim());
  if (out.some((s) => s === '')) throw new UsageError(`--${flag} takes case ids separated by commas (got an empty one)`);
  return out;
}

function file(flag: string, value: string | undefined): string | undefined {
  if (value === '') throw new UsageError(`--${flag} needs a file name`);
  return value;
}

/** Parses `test` flags; throws `UsageError` with a message fit for the user. */
export function parseTestArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): TestArgs | 'help' {
  const { values } = parseFlags({
    args: argv,
    allowPositionals: false,
    options: {
      suite: { type: 'string', multiple: true },
      only: { type: 'string', multiple: true },
      skip: { type: 'string', multiple: true },
      destructive: { type: 'boolean' },
      device: { type: 'string' },
      'acs-port': { type: 'string' },
      'acs-tls-port': { type: 'string' },
      data: { type: 'string' },
      wait: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
      sim: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const suites = values.suite ?? ['builtin'];
  if (suites.some((s) => s === '')) throw new UsageError('--suite needs builtin or a file name');
  const device = values.device;
  if (device !== undefined && !/^[\x21-\x7e]{1,512}$/.test(device)) throw new UsageError('--device must be a serial number or OUI-ProductClass-SerialNumber');
  if (values.data === '') throw new UsageError('--data needs a directory');
  const flexiblePorts: TestArgs['flexiblePorts'] = [];
  if (values['acs-port'] === undefined) flexiblePorts.push('acsPort');
  if (values['acs-tls-port'] === undefined) flexiblePorts.push('acsTlsPort');
  return {
    suites,
    only: ids('only', values.only),
    skip: ids('skip', values.skip),
    destructive: values.destructive === true,
    device,
    host: env.CWMP_WORKBENCH_HOST || '127.0.0.1',
    acsPort: intFlag('acs-port', values['acs-port'], 7547, 65535),
    acsTlsPort: intFlag('acs-tls-port', values['acs-tls-port'], 7548, 65535),
    flexiblePorts,
    dataDir: values.data,
    waitMs: intFlag('wait', values.wait, 120, 86_400, 'a number of seconds') * 1000,
    junit: file('junit', values.junit),
    json: file('json', values.json),
    html: file('html', values.html),
    sim: values.sim === true,
  };
}
