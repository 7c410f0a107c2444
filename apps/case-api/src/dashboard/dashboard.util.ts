import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DASHBOARD_HTML } from './dashboard-page';

/**
 * Serves the dashboard page at /dashboard (outside /api/v1, no token: the page asks for one and sends it with every
 * API call). The page's own script is inline; the policy allows nothing from elsewhere.
 */
export function mountDashboard(app: INestApplication): void {
  app.use('/dashboard', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path !== '/' && req.path !== '') return next();
    res
      .status(200)
      .type('text/html; charset=utf-8')
      .setHeader('cache-control', 'no-store')
      .setHeader('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:")
      .setHeader('referrer-policy', 'no-referrer')
      .send(DASHBOARD_HTML);
  });
}
