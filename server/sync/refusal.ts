import { closeCodes } from '../../shared/close-codes';
import type { Logger } from '../logger';
import type { Connection } from './connection';
import { ProtocolError } from './protocol';
import { RejectedUpdate } from './update-guard';

/**
 * Closes a connection whose message the room could not take, with the code
 * that tells its client why: a forged client id, a message that is malformed
 * or hostile, or one that failed to apply. The message's sender alone is
 * closed; everyone else goes on.
 */
export function refuse(connection: Connection, err: unknown, logger: Logger): void {
  const { userId } = connection.peer;
  if (err instanceof RejectedUpdate) {
    const code = err.reason === 'forged-client-id' ? closeCodes.clientIdForged : closeCodes.badMessage;
    logger.info({ userId, reason: err.reason, detail: err.message }, 'update refused');
    connection.reject(err.reason, code, err.message);
  } else if (err instanceof ProtocolError) {
    logger.info({ userId, detail: err.message }, 'malformed message');
    connection.reject('malformed', closeCodes.badMessage, err.message);
  } else {
    logger.warn({ err, userId }, 'message failed');
    connection.reject('failed', closeCodes.badMessage, 'the message could not be applied');
  }
}
