/** 培训时间 as 附件1 prints it: one day, or "start 至 end". */
export const periodText = (start: string, end: string): string =>
  start === end ? start : `${start} 至 ${end}`;
