import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * One line a request: method, URL, status, time. No client address is logged (privacy). At a level
 * that prints no request line (error, fatal, silent: successes log at info, client errors at warn),
 * no per-request logger is made: a request's own messages go to the app's logger.
 */
export function requestLogger(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('warn')) {
    return (req, _res, next) => {
      req.log = logger;
      next();
    };
  }
  return pinoHttp({
    logger,
    quietReqLogger: true,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
  });
}
