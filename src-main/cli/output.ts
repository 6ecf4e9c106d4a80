/**
 * What the command line does when whoever reads its output goes away (`capture show FILE | head`).
 * Installed once for every verb by the CLI entry, before the verb runs.
 *
 * - A verb that answers and ends (decode, capture show, certs …) stops quietly, as Unix tools do on
 *   SIGPIPE: nobody reads the rest, so there is nothing left to do. It exits 0 — the reader closing the
 *   pipe is not this program failing.
 * - A verb that keeps servers running while it prints (serve, proxy) keeps them running: a write to the
 *   closed pipe must not take the ACS or the proxy down.
 */
export function handleClosedPipe(keepsRunning: boolean): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (keepsRunning) return;
      if (err.code === 'EPIPE') process.exit(0);
      // Any other failure to write output (a full disk behind a redirect): say so where we still can.
      if (stream !== process.stderr) process.stderr.write(`cwmp-workbench: cannot write output: ${err.message}\n`);
      process.exit(1);
    });
  }
}
