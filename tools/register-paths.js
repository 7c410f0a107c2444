// Resolves the workspace aliases (@dibao/*) to the compiled libraries under dist/ at run time.
const path = require('path');
const tsConfigPaths = require('tsconfig-paths');

tsConfigPaths.register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: {
    '@dibao/domain': ['libs/domain/src/index.js'],
    '@dibao/contracts': ['libs/contracts/src/index.js'],
    '@dibao/platform': ['libs/platform/src/index.js'],
    '@dibao/platform/testing': ['libs/platform/src/testing/index.js'],
  },
});
