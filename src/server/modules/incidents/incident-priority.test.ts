import { describe, expect, it } from 'vitest';
import { LEVELS, priorityOf } from './incident-priority.js';

describe('incident priority from impact × urgency', () => {
  it('gives the documented priority for every cell of the matrix', () => {
    const table = LEVELS.map((impact) => LEVELS.map((urgency) => priorityOf(impact, urgency)));
    expect(table).toEqual([
      ['P1', 'P2', 'P3'],
      ['P2', 'P3', 'P4'],
      ['P3', 'P4', 'P4'],
    ]);
  });

  it('never rates a less urgent or less extensive fault higher', () => {
    const rank = (p: string) => Number(p.slice(1));
    for (const [i, impact] of LEVELS.entries()) {
      for (const [j, urgency] of LEVELS.entries()) {
        if (i > 0) expect(rank(priorityOf(impact, urgency))).toBeGreaterThanOrEqual(rank(priorityOf(LEVELS[i - 1]!, urgency)));
        if (j > 0) expect(rank(priorityOf(impact, urgency))).toBeGreaterThanOrEqual(rank(priorityOf(impact, LEVELS[j - 1]!)));
      }
    }
    expect(priorityOf('high', 'high')).toBe('P1');
    expect(priorityOf('low', 'low')).toBe('P4');
  });
});
