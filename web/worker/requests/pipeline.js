// The pipeline's request: the contact list with each person's last deal.
import { Request } from '../../shared/protocol.js';
import { session } from '../session.js';
import { contactTable } from './contacts.js';

export const requests = {
  [Request.PIPELINE]() {
    // Each person's last deal (accepted, won or lost), from the engine: reading the log here
    // meant exporting and parsing the whole document (seconds at 100k contacts).
    const deals = Object.fromEntries(session.open.workspace.report('deals').deals
      .map(({ id, ...deal }) => [id, deal]));
    return { ...contactTable(), deals };
  },
};
