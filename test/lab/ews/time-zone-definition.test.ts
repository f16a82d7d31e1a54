// The lab's StartTimeZone/EndTimeZone definitions (issue #7, EX-14): the registry-style rules
// derived from Intl match the Windows rules Exchange sends for the lab's zones — EU last
// Sundays of March/October, US second Sunday of March / first of November, Sydney's
// southern-hemisphere first Sundays of October/April, none for India — and the all-day
// widening Exchange applies to items written in another zone.
import { describe, expect, test } from 'vitest';
import { widenAllDay } from '../../../fixtures/lab/ews/all-day-bounds.js';
import { biasDuration, timeZoneDefinitionXml } from '../../../fixtures/lab/ews/time-zone-definition.js';
import { child, childrenNamed, childText, parseXml, type XmlNode } from '../../../fixtures/lab/ews/xml.js';

interface Rule { to: string; time: string; month: number; day: string; occurrence: number }

function rules(windowsId: string): { periods: Record<string, string>; transitions: Rule[]; root: XmlNode } {
  const root = parseXml(timeZoneDefinitionXml('t:StartTimeZone', windowsId));
  const periods = Object.fromEntries(childrenNamed(child(root, 'Periods'), 'Period').map((p) => [p.attrs.Name as string, p.attrs.Bias as string]));
  const group = child(child(root, 'TransitionsGroups'), 'TransitionsGroup');
  const transitions = childrenNamed(group, 'RecurringDayTransition').map((t) => ({
    to: (childText(t, 'To') ?? '').split('-').pop() as string, time: childText(t, 'TimeOffset') as string,
    month: Number(childText(t, 'Month')), day: childText(t, 'DayOfWeek') as string, occurrence: Number(childText(t, 'Occurrence')),
  }));
  return { periods, transitions, root };
}

describe('lab time zone definitions (EX-14)', () => {
  test('W. Europe: UTC+1/+2, to daylight on the last Sunday of March at 02:00, back on the last Sunday of October at 03:00', () => {
    const { periods, transitions, root } = rules('W. Europe Standard Time');
    expect(root.attrs).toMatchObject({ Id: 'W. Europe Standard Time', Name: '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna' });
    expect(periods).toEqual({ Standard: '-PT1H', Daylight: '-PT2H' });
    expect(transitions).toEqual([
      { to: 'Daylight', time: 'PT2H', month: 3, day: 'Sunday', occurrence: -1 },
      { to: 'Standard', time: 'PT3H', month: 10, day: 'Sunday', occurrence: -1 },
    ]);
    expect(childText(child(child(root, 'Transitions'), 'Transition'), 'To')).toBe('0');
  });

  test('Eastern: second Sunday of March, first Sunday of November; Sydney: daylight from the first Sunday of October', () => {
    const eastern = rules('Eastern Standard Time');
    expect(eastern.periods).toEqual({ Standard: 'PT5H', Daylight: 'PT4H' });
    expect(eastern.transitions.map((t) => [t.to, t.month, t.occurrence, t.time])).toEqual([['Daylight', 3, 2, 'PT2H'], ['Standard', 11, 1, 'PT2H']]);
    const sydney = rules('AUS Eastern Standard Time');
    expect(sydney.periods).toEqual({ Standard: '-PT10H', Daylight: '-PT11H' });
    expect(sydney.transitions.map((t) => [t.to, t.month, t.occurrence, t.time])).toEqual([['Daylight', 10, 1, 'PT2H'], ['Standard', 4, 1, 'PT3H']]);
  });

  test('India has one standard period and a group with a single transition to it', () => {
    const { periods, root } = rules('India Standard Time');
    expect(periods).toEqual({ Standard: '-PT5H30M' });
    const group = child(child(root, 'TransitionsGroups'), 'TransitionsGroup');
    expect(childrenNamed(group, 'Transition')).toHaveLength(1);
    expect(biasDuration(0)).toBe('PT0H');
  });

  test('all-day bounds widen to midnight in the item\'s zone; exact midnights stay (DST days are 25 hours)', () => {
    expect(widenAllDay('2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 'Europe/Berlin')).toEqual({ start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' });
    expect(widenAllDay('2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 'UTC')).toEqual({ start: '2026-10-24T00:00:00.000Z', end: '2026-10-26T00:00:00.000Z' });
    expect(widenAllDay('2026-10-25T09:00:00.000Z', '2026-10-25T09:00:00.000Z', 'Europe/Berlin')).toEqual({ start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' });
  });
});
