#!/usr/bin/env node
// `npm run token -- --role R [--township T]`: runs the compiled tools/token.ts, building first if needed.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist/tools/token.js');
if (!fs.existsSync(compiled)) {
  execSync('npx tsc -p tsconfig.build.json', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
require('./register-paths');
require(compiled);
