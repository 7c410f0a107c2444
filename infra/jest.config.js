const preset = require('../jest.preset');

module.exports = {
  ...preset,
  displayName: 'infra',
  rootDir: __dirname,
  // docker-compose config and the shell scripts are slow-ish to spawn; a first run may install docker-compose.
  testTimeout: 60000,
};
