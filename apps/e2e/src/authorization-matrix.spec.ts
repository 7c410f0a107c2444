import { AUTHORIZATION_MATRIX, ServiceWithApi } from '@dibao/contracts';
import { declaredRoutes } from './support/authorization/routes';

/**
 * The authorization matrix (libs/contracts/src/authorization/matrix.ts) against the services' controllers, without a
 * stack: every route is in the table, the table names no route that is gone, and where a controller still carries a
 * @Roles() it says the same as the table. The table is what the guard enforces; the live walk through every
 * operation × role × township is authorization.e2e.spec.ts.
 */
const SERVICES = Object.keys(AUTHORIZATION_MATRIX) as ServiceWithApi[];

describe('authorization matrix: one row per route, and only those', () => {
  const routes = declaredRoutes(SERVICES).filter((r) => !r.isPublic);

  it('finds the routes (a sanity check on the reader)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(100);
  });

  it('lists every route of every service', () => {
    const missing = routes.filter((r) => !(r.key in AUTHORIZATION_MATRIX[r.service])).map((r) => `${r.service}: ${r.key} (${r.where})`);
    expect(missing).toEqual([]);
  });

  it('lists no route that no controller serves', () => {
    const stale = SERVICES.flatMap((s) =>
      Object.keys(AUTHORIZATION_MATRIX[s])
        .filter((key) => !routes.some((r) => r.service === s && r.key === key))
        .map((key) => `${s}: ${key}`),
    );
    expect(stale).toEqual([]);
  });

  it("agrees with each controller's @Roles(), where one is left", () => {
    const disagree = routes
      .filter((r) => r.roles)
      .filter((r) => {
        const table = AUTHORIZATION_MATRIX[r.service][r.key as keyof (typeof AUTHORIZATION_MATRIX)[typeof r.service]];
        const declared = r.roles!.filter((x) => x !== 'admin');
        return !table || [...table.roles].sort().join() !== [...declared].sort().join();
      })
      .map((r) => `${r.service}: ${r.key} @Roles(${r.roles!.join(', ')})`);
    expect(disagree).toEqual([]);
  });
});
