// Resident ID numbers (18 characters) and long account numbers never reach a log line.
const RESIDENT_ID = /\b(\d{4})\d{10}(\d{3}[\dXx])\b/g;
const ACCOUNT_NUMBER = /\b(\d{4})\d{8,}(\d{4})\b/g;

export function redact(text: string): string {
  return text.replace(RESIDENT_ID, '$1**********$2').replace(ACCOUNT_NUMBER, '$1********$2');
}
