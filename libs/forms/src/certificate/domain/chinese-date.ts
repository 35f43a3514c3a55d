/** 2020-09-01T01:00:00Z → 2020年9月1日: the calendar day of an instant in Yantai (UTC+8, no DST). */
export function chineseDate(instant: string): string {
  const local = new Date(new Date(instant).getTime() + 8 * 3_600_000);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}
