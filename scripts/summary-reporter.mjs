// A node:test reporter that counts leaf tests and writes one JSON summary for run-tests.mjs.
export default async function* summaryReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    // Suites report too; count only leaves (tests without subtests).
    if (event.data.details?.type === 'suite') continue;
    // A todo is a declared known fault: node:test does not fail the run on it, and neither do we (pass or fail, it is
    // counted as skipped, so it never reads as passed).
    if (event.data.skip || event.data.todo) counts.skipped += 1;
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  yield JSON.stringify(counts);
}
