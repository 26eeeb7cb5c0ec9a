import { describe, expect, it } from 'vitest';
import { localTimeAt, parseClock, validityError, whoToCallNow, type ContactLike, type ValidityWindow, type Weekday } from './contact-rules.js';

const ZONE = 'Europe/Stockholm';
const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];

interface Contact extends ContactLike {
  name: string;
}

/** The demo hospital's IT numbers: office hours, on-call outside them, a night number. */
const directory: Contact[] = [
  { name: 'servicedesk', site: 'Centralsjukhuset', function: 'IT-servicedesk', priority: 1, validity: [{ days: WEEKDAYS, from: '07:30', to: '15:30' }] },
  {
    name: 'jour',
    site: 'Centralsjukhuset',
    function: 'IT-servicedesk',
    priority: 2,
    validity: [
      { days: [1, 2, 3, 4], from: '15:30', to: '07:30' },
      { days: [5], from: '15:30', to: '24:00' },
      { days: [6, 7], from: '00:00', to: '24:00' },
      { days: [1], from: '00:00', to: '07:30' },
    ],
  },
  { name: 'natt', site: 'Centralsjukhuset', function: 'IT-servicedesk', priority: 1, validity: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '02:00', to: '07:00' }] },
  { name: 'röntgenfax', site: 'Centralsjukhuset', function: 'Röntgenexpeditionen', priority: 1, validity: [] },
  { name: 'annan ort', site: 'Länssjukhuset', function: 'IT-servicedesk', priority: 1, validity: [] },
];

const who = (iso: string, filter = { site: 'centralsjukhuset', function: 'it-servicedesk' }) =>
  whoToCallNow(directory, new Date(iso), ZONE, filter).contacts.map((c) => c.name);

describe('local time in the configured zone', () => {
  it('gives weekday, wall-clock time and offset in winter and summer', () => {
    expect(localTimeAt(new Date('2026-11-23T14:29:00Z'), ZONE)).toEqual({ weekday: 1, minutes: 15 * 60 + 29, date: '2026-11-23', time: '15:29', offset: '+01:00' });
    expect(localTimeAt(new Date('2026-06-05T13:31:00Z'), ZONE)).toMatchObject({ weekday: 5, time: '15:31', offset: '+02:00' });
    expect(localTimeAt(new Date('2026-11-22T23:30:00Z'), ZONE)).toMatchObject({ weekday: 1, date: '2026-11-23', time: '00:30' });
    expect(localTimeAt(new Date('2026-11-23T14:29:00Z'), 'Europe/Oslo')).toMatchObject({ time: '15:29' });
    expect(localTimeAt(new Date('2026-11-23T14:29:00Z'), 'UTC')).toMatchObject({ time: '14:29', offset: '+00:00' });
    expect(() => localTimeAt(new Date(), 'Europe/Atlantis')).toThrow(RangeError);
  });
});

describe('who to call now', () => {
  it('changes from the service desk to on-call at 15:30 on a weekday (15:29 vs 15:31)', () => {
    // Monday 23 November 2026, CET (UTC+1).
    expect(who('2026-11-23T14:29:00Z')).toEqual(['servicedesk']);
    expect(who('2026-11-23T14:30:00Z')).toEqual(['jour']);
    expect(who('2026-11-23T14:31:00Z')).toEqual(['jour']);
    // The same wall-clock times in summer (CEST, UTC+2).
    expect(who('2026-06-08T13:29:00Z')).toEqual(['servicedesk']);
    expect(who('2026-06-08T13:31:00Z')).toEqual(['jour']);
  });

  it('gives the night number first from 02:00 to 07:00, then on-call until office hours', () => {
    expect(who('2026-11-24T00:59:00Z')).toEqual(['jour']); // 01:59
    expect(who('2026-11-24T01:00:00Z')).toEqual(['natt', 'jour']); // 02:00
    expect(who('2026-11-24T05:59:00Z')).toEqual(['natt', 'jour']); // 06:59
    expect(who('2026-11-24T06:00:00Z')).toEqual(['jour']); // 07:00
    expect(who('2026-11-24T06:30:00Z')).toEqual(['servicedesk']); // 07:30
  });

  it('covers the weekend and the night to Monday with on-call, and Friday evening', () => {
    expect(who('2026-11-27T14:31:00Z')).toEqual(['jour']); // Friday 15:31
    expect(who('2026-11-28T11:00:00Z')).toEqual(['jour']); // Saturday 12:00
    expect(who('2026-11-29T22:59:00Z')).toEqual(['jour']); // Sunday 23:59
    expect(who('2026-11-29T23:30:00Z')).toEqual(['jour']); // Monday 00:30
    expect(who('2026-11-30T06:29:00Z')).toEqual(['jour']); // Monday 07:29
    expect(who('2026-11-30T06:30:00Z')).toEqual(['servicedesk']); // Monday 07:30
  });

  it('on the spring-forward night (2026-03-29, 02:00–03:00 does not exist) the night number starts at 03:00 local', () => {
    // 00:59 UTC is 01:59 CET; one minute later it is 03:00 CEST.
    expect(localTimeAt(new Date('2026-03-29T00:59:00Z'), ZONE)).toMatchObject({ time: '01:59', offset: '+01:00', weekday: 7 });
    expect(localTimeAt(new Date('2026-03-29T01:00:00Z'), ZONE)).toMatchObject({ time: '03:00', offset: '+02:00' });
    expect(who('2026-03-29T00:59:00Z')).toEqual(['jour']);
    expect(who('2026-03-29T01:00:00Z')).toEqual(['natt', 'jour']);
    // 07:00 CEST is 05:00 UTC: the night number is valid four real hours that night.
    expect(who('2026-03-29T04:59:00Z')).toEqual(['natt', 'jour']);
    expect(who('2026-03-29T05:00:00Z')).toEqual(['jour']);
  });

  it('on the fall-back night (2026-10-25, 02:00–03:00 happens twice) the night number is valid through both', () => {
    // 00:30 UTC is 02:30 CEST; 01:30 UTC is 02:30 CET, the second time.
    expect(localTimeAt(new Date('2026-10-25T00:30:00Z'), ZONE)).toMatchObject({ time: '02:30', offset: '+02:00' });
    expect(localTimeAt(new Date('2026-10-25T01:30:00Z'), ZONE)).toMatchObject({ time: '02:30', offset: '+01:00' });
    expect(who('2026-10-24T23:59:00Z')).toEqual(['jour']); // 01:59 CEST
    expect(who('2026-10-25T00:00:00Z')).toEqual(['natt', 'jour']); // 02:00 CEST
    expect(who('2026-10-25T00:59:00Z')).toEqual(['natt', 'jour']); // 02:59 CEST
    expect(who('2026-10-25T01:00:00Z')).toEqual(['natt', 'jour']); // 02:00 CET, again
    expect(who('2026-10-25T05:59:00Z')).toEqual(['natt', 'jour']); // 06:59 CET
    expect(who('2026-10-25T06:00:00Z')).toEqual(['jour']); // 07:00 CET: six real hours
  });

  it('filters by site and function without regard to case, and lists always-valid numbers', () => {
    expect(who('2026-11-23T14:29:00Z', { site: 'CENTRALSJUKHUSET', function: 'röntgenexpeditionen' })).toEqual(['röntgenfax']);
    expect(who('2026-11-23T14:29:00Z', { site: 'Länssjukhuset', function: 'IT-servicedesk' })).toEqual(['annan ort']);
    expect(whoToCallNow(directory, new Date('2026-11-23T14:29:00Z'), ZONE).contacts.map((c) => c.name)).toEqual([
      'servicedesk',
      'röntgenfax',
      'annan ort',
    ]);
  });

  it('follows the configured zone: the same instant is office hours in one zone and not in another', () => {
    const instant = new Date('2026-11-23T14:45:00Z');
    expect(whoToCallNow(directory, instant, 'Europe/London', { function: 'IT-servicedesk', site: 'Centralsjukhuset' }).contacts.map((c) => c.name)).toEqual(['servicedesk']);
    expect(whoToCallNow(directory, instant, 'Europe/Stockholm', { function: 'IT-servicedesk', site: 'Centralsjukhuset' }).contacts.map((c) => c.name)).toEqual(['jour']);
  });
});

describe('validity windows', () => {
  it('reads times and refuses bad windows with a Swedish message', () => {
    expect(parseClock('07:30')).toBe(450);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:01')).toBeNull();
    expect(parseClock('7:30')).toBeNull();
    const ok: ValidityWindow[] = [{ days: [1], from: '22:00', to: '07:00' }];
    expect(validityError(ok)).toBeNull();
    expect(validityError([{ days: [], from: '07:00', to: '08:00' }])).toMatch(/veckodag/);
    expect(validityError([{ days: [8 as Weekday], from: '07:00', to: '08:00' }])).toMatch(/1 \(måndag\) till 7/);
    expect(validityError([{ days: [1], from: '24:00', to: '08:00' }])).toMatch(/Starttiden/);
    expect(validityError([{ days: [1], from: '07:00', to: '7' }])).toMatch(/Sluttiden/);
    expect(validityError([{ days: [1], from: '07:00', to: '07:00' }])).toMatch(/00:00–24:00/);
  });
});
