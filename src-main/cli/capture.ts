// Placeholder until the capture command lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('cwmp-workbench capture: not implemented yet\n');
  return 1;
}
