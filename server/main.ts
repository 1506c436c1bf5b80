import { configOrExit } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

/** `npm start` / `npm run serve`: one server instance, configured by the environment. */
async function main() {
  const config = configOrExit(process.env);
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, logger);
  running.domain.assignmentOpening.prepare().catch((err) => logger.warn({ err }, 'loading the assignment templates failed'));

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: flushing documents');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
