// Requests for the engine's reports, and the trends: stage counts at the end of each month.
import { Request } from '../../shared/protocol.js';
import { remember, rememberedKey } from '../kept-answers.js';
import { session } from '../session.js';

// The report `kind` of the open workspace; the dashboard's is kept (kept-answers.js).
export function report({ kind, now, format }) {
  const compute = () => session.open.workspace.report(kind, { now, format });
  const key = rememberedKey({ type: Request.REPORT, kind, now, format });
  return key ? remember(key, compute) : compute();
}

function trends({ months = 6, point }) {
  const compute = () => {
    // Which times the trends count at is the engine's answer (its month_ends report).
    const { now, month_ends: all } = session.open.workspace.report('month_ends', { months });
    let ends = all;
    if (point !== undefined) {
      if (!Number.isInteger(point) || point < 0 || point >= ends.length) {
        throw new Error(`no point ${point} among ${ends.length} month ends`);
      }
      ends = [ends[point]];
    }
    return { now, points: ends.map((at) =>
      ({ at, stages: session.open.workspace.report('stages', { now: at }).stages })) };
  };
  const key = rememberedKey({ type: Request.TRENDS, months, point });
  return key ? remember(key, compute) : compute();
}

export const requests = {
  [Request.REPORT]: report,
  [Request.TRENDS]: trends,
};
