// Japanese public holidays, from @holiday-jp/holiday_jp. The library formats a Date with its local
// getters (getFullYear/getMonth/getDate), i.e. in the process's time zone, which is UTC on Lambda.
// So the caller's local calendar date is rebuilt as a local-midnight Date from its Y-M-D parts; a Date
// made from the UTC instant would name the previous day from 00:00 to 09:00 JST.
import holidayJp from '@holiday-jp/holiday_jp';

const known = new Map<string, boolean>();

/** Whether the calendar date `YYYY-MM-DD` is a Japanese public holiday (substitute holidays included). */
export function isJapaneseHoliday(date: string): boolean {
  let answer = known.get(date);
  if (answer === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    answer = holidayJp.isHoliday(new Date(y, m - 1, d));
    known.set(date, answer);
  }
  return answer;
}

/** Time zones whose business days exclude Japanese public holidays. */
export function observesJapaneseHolidays(timeZone: string): boolean {
  return timeZone === 'Asia/Tokyo';
}
