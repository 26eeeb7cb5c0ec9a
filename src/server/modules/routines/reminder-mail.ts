import type { ReminderForMail } from './routines-repository.js';

/** The valid-to instant on the hospital's wall clock: date ("2027-01-31") and date with time and zone. */
function wallClock(iso: string, timeZone: string): { date: string; dateTime: string } {
  const at = new Date(iso);
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short' }).format(at);
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone, timeStyle: 'short' }).format(at);
  return { date, dateTime: `${date} ${time} (${timeZone})` };
}

/** The reminder e-mail (Swedish, plain text): which routine, until when, and what the owner should do. */
export function reminderMail(reminder: ReminderForMail, timeZone: string, publicUrl: string | null): { subject: string; text: string } {
  const version = Number(reminder.version);
  const validTo = wallClock(reminder.valid_to, timeZone);
  const expired = reminder.kind === 'expired';
  const title = reminder.title ? ` "${reminder.title}"` : '';
  const subject = expired
    ? `Rutin ${reminder.document_id} version ${version} har gått ut ${validTo.date}`
    : `Rutin ${reminder.document_id} version ${version} löper ut ${validTo.date}`;
  const lines = [
    reminder.owner_name ? `Hej ${reminder.owner_name},` : 'Hej,',
    '',
    expired
      ? `Rutinen ${reminder.document_id}${title}, version ${version}, har gått ut och gäller inte längre. Personalen ser den som utgången i Kasus.`
      : `Rutinen ${reminder.document_id}${title}, version ${version}, löper snart ut.`,
    `Giltig till: ${validTo.dateTime}`,
    '',
    'Vad du behöver göra:',
    expired
      ? '1. Granska rutinen i Kasus så snart som möjligt och gör en ny version med aktuella steg, blanketter och kontakter.'
      : '1. Granska rutinen i Kasus och gör en ny version med aktuella steg, blanketter och kontakter.',
    expired
      ? '2. Se till att den nya versionen godkänns, så att personalen har en giltig rutin vid nästa driftstopp.'
      : '2. Se till att den nya versionen godkänns innan den nuvarande går ut, så att personalen alltid har en giltig rutin vid driftstopp.',
    '',
    `Rutinen i Kasus: ${publicUrl ?? ''}/status/routines/${reminder.routine_id}`,
    '',
    'Du får det här meddelandet för att du är ägare till rutinen. Påminnelsen visas också i Kasus när du är inloggad.',
    '',
    '-- ',
    'Kasus',
  ];
  return { subject, text: lines.join('\n') };
}
