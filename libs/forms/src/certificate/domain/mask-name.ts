/** 复姓 kept whole when masking, so that 欧阳娜娜 shows as 欧阳** rather than 欧***. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '万俟',
  '闻人',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '濮阳',
  '拓跋',
  '赫连',
  '司空',
  '东郭',
  '第五',
  '左丘',
  '梁丘',
  '单于',
  '仲孙',
  '鲜于',
]);

/**
 * A name as the public verification page shows it: the surname, then one * per further character
 * (王芳 → 王*, 李小龙 → 李**, 欧阳娜娜 → 欧阳**). A one-character name shows as *.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  const compound = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join(''));
  const kept = compound ? 2 : 1;
  return chars.slice(0, kept).join('') + '*'.repeat(chars.length - kept);
}
