// Placeholder until the serve command lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cwmp-workbench serve: not implemented yet\n');
  return 1;
}
