const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'inspections',
  rootDir: __dirname,
};
