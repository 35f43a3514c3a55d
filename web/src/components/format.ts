import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Instants are shown in China Standard Time, wherever the browser is. */
const ZONE = 'Asia/Shanghai';

export const formatDateTime = (instant: string | null | undefined): string =>
  instant ? dayjs(instant).tz(ZONE).format('YYYY-MM-DD HH:mm') : '—';

export const formatDate = (date: string | null | undefined): string =>
  date ? dayjs(date).format('YYYY-MM-DD') : '—';

export const formatHours = (hours: number | null | undefined): string =>
  hours === null || hours === undefined ? '—' : `${hours} 学时`;

/** A short form of an id for display (the full id in a title attribute): its end, which differs. */
export const shortId = (id: string): string => (id.length > 12 ? `…${id.slice(-8)}` : id);
