import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

/** A test that never ran because a hook of its suite (beforeAll, afterAll) failed counts as failed. */
function blockedByHook(test: TestCase): boolean {
  for (let parent: TestSuite | TestModule = test.parent; ; parent = (parent as TestSuite).parent) {
    if (parent.errors().length > 0) return true;
    if (parent.type === 'module') return false;
  }
}

/** Prints one plain closing line, "Tests: N passed, N failed, N skipped", for tools that read it. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed' || blockedByHook(test)) failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    // The slowest files, so a run that nears CI's time limit shows where the time went.
    const slowest = [...testModules]
      .map((module) => ({ file: module.moduleId.replace(process.cwd() + '/', ''), ms: module.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 20);
    console.log('\nSlowest test files:');
    for (const { file, ms } of slowest) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`);
    console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
