import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules of .dependency-cruiser.cjs (issue 12): no import cycle under src/server, type-only
 * imports included; no module importing another module's repository; and no cycle between modules
 * (folders under src/server/modules), counted from the imports of one module folder into another.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The module a file belongs to (src/server/modules/<name>/…), or null outside the modules. */
const moduleOf = (file: string) => /^src\/server\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;

/** Every cycle (strongly connected group of two or more) of the graph, each listed once, sorted. */
function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The cycles between modules, each with the imports that make it, one line per import. */
function moduleCycles(modules: readonly IModule[]): string[] {
  const graph = new Map<string, Set<string>>();
  const imports = new Map<string, string[]>();
  for (const file of modules) {
    const from = moduleOf(file.source);
    if (!from) continue;
    for (const dependency of file.dependencies) {
      const to = moduleOf(dependency.resolved);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
      const key = `${from} → ${to}`;
      imports.set(key, [...(imports.get(key) ?? []), `${file.source} → ${dependency.resolved}${dependency.dependencyTypes.includes('type-only') ? ' (type only)' : ''}`]);
    }
  }
  return cyclesOf(graph).map((group) => {
    const edges = group.flatMap((a) => group.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} → ${b}`));
    return [`modules ${group.join(', ')} import each other:`, ...edges.flatMap((edge) => imports.get(edge)!.map((line) => `    ${line}`))].join('\n');
  });
}

/** The rule violations of the cruise, one readable paragraph each. */
function violationsOf(result: ICruiseResult): string[] {
  return result.summary.violations.map((v) => {
    const route = v.cycle?.length ? [v.from, ...v.cycle.map((step) => step.name)].join('\n    → ') : `${v.from}\n    → ${v.to}`;
    return `${v.rule.name}: ${route}`;
  });
}

describe('server import rules (.dependency-cruiser.cjs)', () => {
  let result: ICruiseResult;

  beforeAll(async () => {
    const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
    const tsConfig = extractTSConfig(path.join(root, 'tsconfig.json'));
    const cwd = process.cwd();
    process.chdir(root); // dependency-cruiser resolves and reports paths relative to the working directory
    try {
      const { output } = await cruise(['src/server'], { ...options, validate: true }, { extensions: ['.ts', '.js'] }, { tsConfig });
      result = output as ICruiseResult;
    } finally {
      process.chdir(cwd);
    }
  }, 60_000);

  it('cruises the server', () => {
    // Guards against a configuration that finds nothing and so passes trivially.
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(result.modules.some((m) => m.source === 'src/server/services.ts')).toBe(true);
    const cases = result.modules.find((m) => m.source === 'src/server/modules/cases/cases-service.ts');
    expect(cases?.dependencies.some((d) => d.resolved === 'src/server/modules/cases/cases-repository.ts')).toBe(true);
  });

  it('has no import cycle among files and no module importing another module’s repository', () => {
    const violations = violationsOf(result);
    expect(violations, `\n${violations.join('\n\n')}\n`).toEqual([]);
  });

  it('has no cycle between modules', () => {
    const cycles = moduleCycles(result.modules);
    expect(cycles, `\n${cycles.join('\n\n')}\n`).toEqual([]);
  });
});

describe('cyclesOf', () => {
  it('finds each cycle once and nothing in an acyclic graph', () => {
    const graph = (edges: string) => {
      const map = new Map<string, Set<string>>();
      for (const [a, b] of edges.split(' ').map((e) => e.split('>') as [string, string])) {
        if (!map.has(a)) map.set(a, new Set());
        map.get(a)!.add(b);
      }
      return map;
    };
    expect(cyclesOf(graph('a>b b>c a>c'))).toEqual([]);
    expect(cyclesOf(graph('a>b b>a c>d d>e e>c e>a'))).toEqual([['a', 'b'], ['c', 'd', 'e']]);
  });
});
