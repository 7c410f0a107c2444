// Adds up the jest JSON reports of every project and prints one closing line: "N passed, N failed".
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let broken = false;
const rows = [];
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  // Only jest's reports: tests may leave other artefacts (the hostile-input summary, screenshots) beside them.
  if (typeof r.numPassedTests !== 'number' || typeof r.numTotalTestSuites !== 'number') continue;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that failed to load has no failed tests but makes the run unsuccessful.
  if (!r.success) broken = true;
  rows.push(`${path.basename(file, '.json').padEnd(14)} ${String(r.numPassedTests).padStart(5)} passed ${String(r.numFailedTests).padStart(4)} failed  ${r.numTotalTestSuites} suites`);
}
console.log('\nper project:');
for (const row of rows) console.log('  ' + row);
if (rows.length === 0) {
  console.log('no test results were written');
  process.exit(1);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
