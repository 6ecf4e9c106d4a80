import { readFile } from 'node:fs/promises';
import { deviceImageProblem, type DeviceImage } from '../../src-shared/replay/device-image';

/** Reads a simulator profile (a device image saved as JSON by "clone" or `replay clone`); throws with the reason. */
export async function readSimProfile(path: string): Promise<DeviceImage> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the profile ${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON`);
  }
  const problem = deviceImageProblem(value);
  if (problem) throw new Error(`${path}: ${problem}`);
  return value as DeviceImage;
}
