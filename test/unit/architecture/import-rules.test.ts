import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { areaOf, importGraph, importsOf, violations } from './import-graph';

const ROOT = resolve(__dirname, '../../..');
const edges = importGraph(ROOT, ['src-shared', 'src-main', 'src-renderer/src']);

describe('import rules over the source tree', () => {
  it('reads a real picture: hundreds of arrows, among them the ones the rules are about', () => {
    // Guards against a scanner that silently finds nothing (every rule would then pass).
    expect(edges.length).toBeGreaterThan(500);
    const arrows = new Set(edges.filter((e) => e.target).map((e) => `${areaOf(e.from)} -> ${areaOf(e.target!)}`));
    expect(arrows).toContain('src-main/acs -> src-main/runtime');
    expect(arrows).toContain('src-main/sim -> src-main/runtime');
    expect(arrows).toContain('src-shared/datamodel -> src-shared/devices');
    expect(arrows).toContain('src-main/app -> src-main/acs');
    expect(edges.some((e) => e.from.startsWith('src-main/') && e.specifier.startsWith('node:'))).toBe(true);
  });

  it('no forbidden arrow: core -> contract, service -> composition root or ApiError, simulator -> ACS, shared -> platform, capture <-> traffic', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('src-shared is compiled without Node, DOM or Electron types', () => {
    const config = readFileSync(resolve(ROOT, 'tsconfig.shared.json'), 'utf8');
    const lib = /"lib"\s*:\s*\[([^\]]*)\]/.exec(config)?.[1] ?? '';
    expect(lib).not.toMatch(/dom/i);
    expect(config).toMatch(/"types"\s*:\s*\[\s*\]/);
    expect(config).toMatch(/"include"\s*:\s*\[\s*"src-shared\/\*\*\/\*\.ts"\s*\]/);
  });
});

describe('the rule check itself', () => {
  const fake = (file: string, text: string): string[] => violations(importsOf(file, text));

  it('catches each forbidden arrow, written as an import, a re-export, a type import or a dynamic import', () => {
    expect(fake('src-shared/datamodel/x.ts', "import type { ParameterNode } from '../api/devices';")).toHaveLength(1);
    expect(fake('src-shared/capture/x.ts', "export type * from '../api/index';")).toHaveLength(1);
    expect(fake('src-shared/cwmp/x.ts', "import { createHash } from 'node:crypto';")).toHaveLength(1);
    expect(fake('src-shared/cwmp/x.ts', "import { readFileSync } from 'fs';")).toHaveLength(1);
    expect(fake('src-shared/cwmp/x.ts', "import { ipcRenderer } from 'electron';")).toHaveLength(1);
    expect(fake('src-main/devices/x.ts', "import type { EventHub } from '../app/event-hub';")).toHaveLength(1);
    expect(fake('src-main/tls/x.ts', "const { EventHub } = await import('../app/event-hub');")).toHaveLength(1);
    expect(fake('src-main/proxy/x.ts', "import { ApiError } from '../../src-shared/api/errors';")).toHaveLength(1);
    expect(fake('src-main/sim/x.ts', "import {\n  pickChallenge,\n} from '../acs/http-auth';")).toHaveLength(1);
    expect(fake('src-main/capture/x.ts', "import type { TrafficStore } from '../traffic/traffic-store';")).toHaveLength(1);
    expect(fake('src-main/traffic/x.ts', "import { undoContentEncoding } from '../capture/decode-body';")).toHaveLength(1);
    expect(fake('src-main/runtime/x.ts', "import { TrafficStore } from '../traffic/traffic-store';")).toHaveLength(1);
    expect(fake('src-renderer/src/x.ts', "import { EventHub } from '../../src-main/runtime/event-hub';")).toHaveLength(1);
  });

  it('lets the allowed arrows through', () => {
    expect(fake('src-shared/api/devices.ts', "export type * from '../devices/types';")).toEqual([]);
    expect(fake('src-main/app/workbench.ts', "import { createAcsService } from '../acs/index';")).toEqual([]);
    expect(fake('src-main/electron/main.ts', "import { createWorkbench } from '../app/workbench';")).toEqual([]);
    expect(fake('src-main/sim/x.ts', "import { pickChallenge } from '../runtime/http-auth';")).toEqual([]);
    expect(fake('src-main/server/x.ts', "import { httpStatusOf } from '../../src-shared/api/errors';")).toEqual([]);
    expect(fake('src-main/proxy/x.ts', "import { NotFoundError } from '../../src-shared/errors/domain-error';")).toEqual([]);
    expect(fake('src-main/acs/x.ts', "import { createHash } from 'node:crypto';")).toEqual([]);
    expect(fake('src-shared/cwmp/x.ts', "// import { readFileSync } from 'node:fs';\n/* import '../api/index'; */")).toEqual([]);
  });
});
