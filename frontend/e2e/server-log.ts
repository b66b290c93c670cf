import path from 'node:path';

/** serverLogPath is the file the server under test writes its JSON log to (E2E_SERVER_LOG). */
export function serverLogPath(): string {
  const log = process.env.E2E_SERVER_LOG;
  if (!log) throw new Error('E2E_SERVER_LOG must name the file the server writes its log to');
  return path.resolve(log);
}
