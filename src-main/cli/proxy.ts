// Placeholder until the proxy command lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cwmp-workbench proxy: not implemented yet\n');
  return 1;
}
