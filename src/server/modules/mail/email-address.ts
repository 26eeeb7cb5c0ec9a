/** The longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
const MAX_LENGTH = 254;
const ADDRESS = /^[^\s@]+@([^\s@.]+(\.[^\s@.]+)+|localhost)$/;

/**
 * Whether Kasus accepts the text as an e-mail address: something@domain.tld (or @localhost), no
 * spaces, at most 254 characters. The one check for every address Kasus sends to (users, service
 * desks, notice subscriptions); the mail server has the last word.
 */
export function isEmailAddress(text: string): boolean {
  return text.length <= MAX_LENGTH && ADDRESS.test(text);
}
