#!/usr/bin/env node
/**
 * `cwmp-workbench <verb> …`: the headless entry. Each verb lives in its own module and is loaded only
 * when used, so `decode` starts without loading the ACS, TLS or proxy code.
 */
import { handleClosedPipe } from './output';

/** `keepsRunning`: the verb runs servers while it prints; a closed output pipe must not stop them. */
type Verb = { summary: string; keepsRunning?: boolean; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const verbs: Record<string, Verb> = {
  serve: { summary: 'run the ACS, simulator and UI server headless', keepsRunning: true, load: () => import('./serve') },
  decode: { summary: 'decode one CWMP message to JSON: decode [FILE|-] [--check]', load: () => import('./decode') },
  certs: { summary: 'certificates: certs list|create-ca|issue|import|export', load: () => import('./certs') },
  proxy: { summary: 'capture proxy: proxy --listen <port> --upstream <url> [--capture <file>]', keepsRunning: true, load: () => import('./proxy') },
  capture: { summary: 'capture files: capture show <file>', load: () => import('./capture') },
  replay: { summary: 'reproduce a trace: replay acs <trace> | replay cpe <trace> --acs URL', keepsRunning: true, load: () => import('./replay') },
  test: {
    summary: 'run the CWMP test suite against a CPE: test [--sim] [--only ID,...] [--junit FILE] … (test --help)',
    keepsRunning: true,
    load: () => import('./test'),
  },
};

function usage(): string {
  const lines = Object.entries(verbs).map(([name, v]) => `  ${name.padEnd(9)} ${v.summary}`);
  return `usage: cwmp-workbench <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  handleClosedPipe(verbs[name ?? '']?.keepsRunning === true);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const verb = verbs[name];
  if (!verb) {
    process.stderr.write(`cwmp-workbench: unknown command '${name}'\n${usage()}`);
    return 1;
  }
  const mod = await verb.load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cwmp-workbench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
