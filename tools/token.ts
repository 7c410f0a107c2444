/**
 * Mints a development token: `npm run token -- --role caseworker --township T01 [--sub alice] [--expires 12h]`.
 * The secret comes from JWT_SECRET, else the one `npm start` uses (tools/lib/jwt-secret.js).
 */
import { isRole, isTownshipRole, ROLES } from '@dibao/contracts';
import * as path from 'path';
import { signToken } from '@dibao/platform';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const role = arg('role');
  const township = arg('township');
  if (!isRole(role)) {
    console.error(`usage: npm run token -- --role <${ROLES.join('|')}> [--township T01] [--sub name] [--expires 12h]`);
    process.exit(2);
  }
  if (isTownshipRole(role) && !township) {
    console.error(`role ${role} is bound to a township: add --township <code>, e.g. --township T01`);
    process.exit(2);
  }
  // The same secret `npm start` gives the apps (tools/lib/jwt-secret.js: generated once on the production stack).
  const { jwtSecret } = require(path.join(__dirname, '..', '..', 'tools/lib/jwt-secret.js')) as { jwtSecret: () => string };
  const secret = jwtSecret();
  const sub = arg('sub') ?? `${role}${township ? '-' + township : ''}`;
  const expires = (arg('expires') ?? '12h') as Parameters<typeof signToken>[2];
  process.stdout.write(signToken({ sub, role, township }, secret, expires) + '\n');
}

main();
