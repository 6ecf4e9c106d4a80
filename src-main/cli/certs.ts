// Placeholder until the certs command lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cwmp-workbench certs: not implemented yet\n');
  return 1;
}
