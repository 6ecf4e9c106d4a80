/**
 * For verbs that keep running while they print (serve, proxy): whoever reads their lines may go away
 * (`| head`), and a write to the closed pipe must not take the servers down with an unhandled EPIPE.
 */
export function survivePipeClose(): void {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
}
