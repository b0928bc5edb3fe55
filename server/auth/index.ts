import cookieParser from 'cookie-parser';
import { Router } from 'express';
import type { Config } from '../config.js';
import type { Database } from '../data/engine/index.js';
import { authRoutes } from '../routes/auth.js';
import { csrfGuard } from './csrf.js';
import { passwordChangeGate } from './middleware.js';
import { Sessions, SESSION_TIMES, type SessionTimes } from './sessions.js';
import type { ClientLimiting } from '../security.js';
import { SignInThrottle, THROTTLE_POLICY, type ThrottlePolicy } from './throttle.js';

// Officer accounts and access, mounted once in createApp before every other router:
//   cookies -> session (res.locals.officer, res.locals.csrfToken) -> CSRF check
//   -> password change gate (a reset password must be replaced first) -> /login, /logout, /account/password
// Routes elsewhere guard themselves with requireOfficer / requireRole(...) from ./middleware.js and
// put views/auth/csrf-field.ejs in every form they post.

export interface AuthOptions {
  times?: Partial<SessionTimes>;
  throttle?: Partial<ThrottlePolicy>;
  now?: () => number;
  /** how the per-client sign-in brake keys and counts clients (the app shares one with its other limiters) */
  clients?: ClientLimiting;
}

export function officerAuth(store: Database, config: Config, options: AuthOptions = {}): Router {
  const now = options.now ?? Date.now;
  const sessions = new Sessions(store, config, { ...SESSION_TIMES, ...options.times }, now);
  const csrf = csrfGuard(sessions, config, now);
  const throttle = new SignInThrottle(store, { ...THROTTLE_POLICY, ...options.throttle }, now, options.clients);
  const router = Router();
  router.use(cookieParser(), sessions.load, csrf.protect, passwordChangeGate);
  router.use(authRoutes({ store, sessions, csrf, throttle }));
  return router;
}

export { officerOf, requireAdmin, requireEditor, requireOfficer } from './middleware.js';
export { hashPassword, newPasswordProblem, PASSWORD_MIN } from './passwords.js';
export type { Officer } from './sessions.js';
export { ROLES, type Role } from '../data/users.js';
