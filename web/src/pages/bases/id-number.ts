/** 身份证号: 18 characters, the last a check character over the first 17 (GB 11643). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function idNumberProblem(value: string): string | null {
  const id = value.trim().toUpperCase();
  if (id.length !== 18) return `身份证号须为 18 位（现为 ${id.length} 位）`;
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号前 17 位须为数字，最后一位为数字或 X';
  const sum = WEIGHTS.reduce((acc, w, i) => acc + Number(id.charAt(i)) * w, 0);
  if (CHECK_CHARS.charAt(sum % 11) !== id.charAt(17)) return '身份证号校验位不正确，请核对';
  return null;
}
