// Placeholder until the decode command lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cwmp-workbench decode: not implemented yet\n');
  return 1;
}
