/**
 * Mints a development token: `npm run token -- --role caseworker --township T01 [--sub alice] [--expires 12h]`.
 * The secret comes from JWT_SECRET (the same default as `npm start` uses when it is unset).
 */
import { isRole, isTownshipRole, ROLES } from '@dibao/contracts';
import { signToken } from '@dibao/platform';

export const DEV_JWT_SECRET = 'dibao-local-development-secret';

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
  const secret = process.env['JWT_SECRET'] ?? DEV_JWT_SECRET;
  const sub = arg('sub') ?? `${role}${township ? '-' + township : ''}`;
  const expires = (arg('expires') ?? '12h') as Parameters<typeof signToken>[2];
  process.stdout.write(signToken({ sub, role, township }, secret, expires) + '\n');
}

main();
