import { describe, expect, it } from 'vitest';
import {
  DUNNING_KIND_LABELS,
  daysPastDue,
  dunningOutcome,
  nextScheduleRow,
  offsetLabel,
  readSchedule,
  type ScheduleRow,
  scheduleRows,
} from './dunning';

const row = (offset: string, kind: ScheduleRow['kind'] = 'reminder'): ScheduleRow => ({
  key: `k${offset}`,
  offset,
  kind,
});

describe('dunning in words', () => {
  it('Should name kinds, delays and offsets', () => {
    expect(DUNNING_KIND_LABELS.formal_notice).toBe('Formal notice');
    expect(daysPastDue(1)).toBe('1 day past due');
    expect(daysPastDue(16)).toBe('16 days past due');
    expect(daysPastDue(0)).toBe('on the due date');
    expect(offsetLabel(45)).toBe('+45 days after the due date');
  });

  it('Should say what became of each step', () => {
    expect(dunningOutcome({ outcome: 'sent', email_to: 'compta@lea.example' })).toMatchObject({
      detail: 'Sent to compta@lea.example',
      tone: 'success',
    });
    expect(dunningOutcome({ outcome: 'skipped', email_to: null }).label).toBe('Skipped');
    expect(dunningOutcome({ outcome: 'no_email', email_to: null })).toMatchObject({
      detail: 'Not sent: the customer has no e-mail address',
      tone: 'warning',
    });
  });
});

describe('the schedule editor', () => {
  it('Should read a valid schedule as the API takes it', () => {
    const rows = scheduleRows([
      { offset_days: 7, kind: 'reminder' },
      { offset_days: 45, kind: 'formal_notice' },
    ]);
    expect(rows.map((r) => r.offset)).toEqual(['7', '45']);
    expect(readSchedule(rows)).toEqual({
      steps: [
        { offset_days: 7, kind: 'reminder' },
        { offset_days: 45, kind: 'formal_notice' },
      ],
      errors: {},
    });
  });

  it('Should put each error on the row that breaks a rule', () => {
    const { errors } = readSchedule([row('15'), row('10'), row('x'), row('400'), row('', 'reminder')]);
    expect(errors).toEqual({
      'steps.1.offset_days': 'Must come after the step before (+15 days)',
      'steps.2.offset_days': 'Enter a number of days from 1 to 365',
      'steps.3.offset_days': 'Enter a number of days from 1 to 365',
      'steps.4.offset_days': 'Enter a number of days',
    });
  });

  it('Should keep a formal notice last and at least one step', () => {
    expect(readSchedule([row('7', 'formal_notice'), row('15')]).errors).toEqual({
      'steps.0.kind': 'A formal notice can only be the last step',
    });
    expect(readSchedule([]).errors).toEqual({ steps: 'Keep at least one step' });
  });

  it('Should append a reminder after the last step', () => {
    expect(nextScheduleRow([]).offset).toBe('7');
    expect(nextScheduleRow([row('30')])).toMatchObject({ offset: '45', kind: 'reminder' });
    expect(nextScheduleRow([row('360')]).offset).toBe('365');
  });
});
