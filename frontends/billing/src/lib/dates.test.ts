import { describe, expect, it } from 'vitest';
import { addDays, formatDay, isCalendarDate, todayIn } from './dates';

describe('calendar dates', () => {
  it('Should show a calendar date in the locale, whatever the time zone', () => {
    expect(formatDay('2026-11-21', 'en-GB')).toBe('21 Nov 2026');
    expect(formatDay(null, 'en')).toBe('—');
  });

  it("Should know today's date in the tenant's time zone", () => {
    const lateEvening = new Date('2026-01-15T23:30:00Z');
    expect(todayIn('Europe/Paris', lateEvening)).toBe('2026-01-16');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-01-15');
  });

  it('Should add days across months and years', () => {
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('Should tell real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('21/11/2026')).toBe(false);
  });
});
