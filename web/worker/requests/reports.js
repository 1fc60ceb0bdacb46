// Requests for the engine's reports, and the trends: stage counts at the end of each month.
import { Request } from '../../shared/protocol.js';
import { remember, rememberedKey } from '../kept-answers.js';
import { lastOpTime, session } from '../session.js';

// The times at which the trends count the stages: the last second of each of the `months` - 1
// months before the one of `now`, then `now`.
function endOfMonths(now, months) {
  const end = new Date(now);
  const points = [];
  for (let i = months - 1; i >= 1; --i) {
    points.push(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i + 1, 1) - 1000));
  }
  points.push(end);
  return points.map((t) => t.toISOString());
}

// The report `kind` of the open workspace; the dashboard's is kept (kept-answers.js).
export function report({ kind, now, format }) {
  const compute = () => session.open.workspace.report(kind, { now, format });
  const key = rememberedKey({ type: Request.REPORT, kind, now, format });
  return key ? remember(key, compute) : compute();
}

function trends({ months = 6, point }) {
  const compute = () => {
    const now = lastOpTime();
    let ends = endOfMonths(now, months);
    if (point !== undefined) {
      if (!Number.isInteger(point) || point < 0 || point >= ends.length) {
        throw new Error(`no point ${point} among ${ends.length} month ends`);
      }
      ends = [ends[point]];
    }
    return { now, points: ends.map((at) =>
      ({ at, stages: session.open.workspace.report('stages', at ? { now: at } : {}).stages })) };
  };
  const key = rememberedKey({ type: Request.TRENDS, months, point });
  return key ? remember(key, compute) : compute();
}

export const requests = {
  [Request.REPORT]: report,
  [Request.TRENDS]: trends,
};
