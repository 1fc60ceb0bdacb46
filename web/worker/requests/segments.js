// Segments: the contact list's saved filters, kept per workspace in the store's meta records.
import { Request } from '../../shared/protocol.js';
import { session } from '../session.js';

export const requests = {
  async [Request.SEGMENTS]() {
    return { segments: await session.store.getMeta(`segments:${session.open.id}`, []) };
  },
  async [Request.SAVE_SEGMENTS]({ segments }) {
    await session.store.setMeta(`segments:${session.open.id}`, segments);
    return { segments };
  },
};
