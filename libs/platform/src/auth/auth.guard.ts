import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { permissionFor } from '@dibao/contracts';
import type { Actor, Role } from '@dibao/contracts';
import { requestContext } from '../context/request-context';
import { AppException, forbidden, unauthorized } from '../errors/app-exception';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { TokenError } from './jwt';
import { IdentityProviderUnavailable } from './oidc';
import { TOKEN_VERIFIER, TokenVerifier } from './token-verifier';

export const JWT_SECRET = Symbol('JWT_SECRET');

/** Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows who. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Optional() @Inject(getDataSourceToken()) private readonly dataSource?: DataSource,
  ) {}

  private readonly logger = new Logger(AuthGuard.name);
  /** Names already recorded (id → "role name"): one write per person and change, not per request. */
  private readonly known = new Map<string, string>();

  /** Keeps the person's name for the audit reads (audit_actor); a failure never refuses the request. */
  private async rememberName(actor: Actor): Promise<void> {
    if (!actor.name || !this.dataSource) return;
    const seen = `${actor.role} ${actor.name}`;
    if (this.known.get(actor.id) === seen) return;
    try {
      await this.dataSource.query(
        `INSERT INTO audit_actor (id, role, name) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, name = EXCLUDED.name, seen_at = now()`,
        [actor.id, actor.role, actor.name],
      );
      this.known.set(actor.id, seen);
    } catch (e) {
      this.logger.warn(`could not record the name of ${actor.id} for the audit: ${String(e)}`);
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const header = req.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) throw unauthorized('a bearer token is required (Authorization: Bearer <token>)');
    let actor: Actor;
    try {
      actor = await this.verifier.verify(header.slice('Bearer '.length).trim());
    } catch (e) {
      if (e instanceof IdentityProviderUnavailable) {
        throw new AppException(503, 'identity-provider-unavailable', 'the identity provider cannot be reached to check the token; try again shortly');
      }
      throw unauthorized(e instanceof TokenError ? e.message : 'the token is invalid');
    }
    req.actor = actor;
    requestContext.setActor(actor);
    await this.rememberName(actor);

    // The authorization matrix (libs/contracts) decides; @Roles() only covers routes outside the public API
    // (tests' own controllers). A public-API route in neither is refused: it has not been reviewed.
    const route = (req as { route?: { path?: unknown } }).route?.path;
    const matched = typeof route === 'string' ? permissionFor(req.method, route) : undefined;
    const roles = matched ? matched.permission.roles : this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      if (typeof route === 'string' && route.startsWith('/api/v1/') && actor.role !== 'admin') {
        throw forbidden(`${req.method} ${route} is not in the authorization matrix; nobody but an administrator may call it`);
      }
      return true;
    }
    if (actor.role !== 'admin' && !roles.includes(actor.role)) {
      throw forbidden(`role ${actor.role} may not do this; allowed: ${roles.length ? roles.join(', ') : 'admin only'}`);
    }
    return true;
  }
}

/**
 * A township-bound actor may only touch its own township. Callers choose 403 or, to avoid revealing that
 * a record exists, 404 (`hide`).
 */
export function canAccessTownship(actor: Actor, township: string): boolean {
  return !actor.township || actor.township === township;
}
