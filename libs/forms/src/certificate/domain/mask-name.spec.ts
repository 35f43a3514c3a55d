import { maskName } from './mask-name';

describe('maskName', () => {
  it('keeps the surname and hides every other character', () => {
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('李小龙')).toBe('李**');
    expect(maskName(' 赵敏 ')).toBe('赵*');
  });

  it('keeps a compound surname whole when the name is longer than it', () => {
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳修')).toBe('欧阳*');
    expect(maskName('司马相如')).toBe('司马**');
    // Two characters: 欧 is the surname, 阳 the given name.
    expect(maskName('欧阳')).toBe('欧*');
  });

  it('hides a one-character name entirely and counts characters, not UTF-16 units', () => {
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });
});
