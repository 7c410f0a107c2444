const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  // Starts the built apps as processes: one suite at a time, with room for the apps to boot.
  testTimeout: 180000,
};
