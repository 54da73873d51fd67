/**
 * @module summary-reporter
 * Vitest reporter that ends the run with one line `N passed, N failed` (skipped tests are not
 * counted as either), the line CI reads.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    for (const module of testModules) {
      let moduleFailed = 0;
      let notRun = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') moduleFailed++;
        else notRun++;
      }
      // A file that failed outside its tests (import error, beforeAll hook) leaves its tests
      // unrun: each counts as failed, and a file with no test at all as one failure.
      if (module.state() === 'failed' && moduleFailed === 0) moduleFailed = Math.max(1, notRun);
      failed += moduleFailed;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
