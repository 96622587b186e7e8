// Sums test reports into the one plain line CI reads: "tests: N passed, M failed[, K skipped]".
// Usage: node .ci/tally.mjs report1.json [report2.json ...]
// Each report is vitest's JSON (or the same counts written by scripts/execute-notebooks.ts). A test
// file that failed without a failing test (it did not load, say) counts as one failure, so a broken
// file cannot hide; a missing report counts as one failure too (its stage did not run).
import { readFileSync, existsSync } from "node:fs";

let passed = 0, failed = 0, skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) { console.error(`tally: ${file} is missing (that test stage did not run)`); failed += 1; continue; }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === "failed").length;
    if (suite.status === "failed" && failedTests === 0) {
      console.error(`tally: ${suite.name} failed without a failing test: ${(suite.message ?? "").split("\n")[0]}`);
      failed += 1;
    }
  }
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
