import { randomBytes } from 'node:crypto';
import { CODE_ALPHABET, CODE_BYTES, codeFromBytes, normaliseCode } from './certificate-code';

describe('certificate codes', () => {
  it('spell 80 bits as four groups of four Crockford base32 symbols', () => {
    expect(codeFromBytes(new Uint8Array(CODE_BYTES))).toBe('0000-0000-0000-0000');
    expect(codeFromBytes(new Uint8Array(CODE_BYTES).fill(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    // 0x08 = 00001000: the first symbol takes the high five bits (00001), the second starts with 000.
    expect(codeFromBytes(Uint8Array.from([0x08, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe('1000-0000-0000-0001');
    const code = codeFromBytes(randomBytes(CODE_BYTES));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('never use I, L, O or U', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('need exactly ten random bytes', () => {
    expect(() => codeFromBytes(new Uint8Array(8))).toThrow(/10 random bytes/);
  });

  it('map different random draws to different codes', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => codeFromBytes(randomBytes(CODE_BYTES))));
    expect(codes.size).toBe(2000);
  });

  it('are looked up whatever the case, dashes and spaces, with O read as 0 and I, L as 1', () => {
    expect(normaliseCode('7k3m9qxa2f8rwd5n')).toBe('7K3M-9QXA-2F8R-WD5N');
    expect(normaliseCode(' 7K3M 9QXA-2F8R–WD5N ')).toBe('7K3M-9QXA-2F8R-WD5N');
    expect(normaliseCode('O0IL-1111-0000-0000')).toBe('0011-1111-0000-0000');
    for (const code of [codeFromBytes(randomBytes(CODE_BYTES)), codeFromBytes(randomBytes(CODE_BYTES))]) {
      expect(normaliseCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    }
  });

  it('refuse what cannot be a code', () => {
    expect(normaliseCode('')).toBeNull();
    expect(normaliseCode('7K3M-9QXA-2F8R')).toBeNull(); // too short
    expect(normaliseCode('7K3M-9QXA-2F8R-WD5N-X')).toBeNull(); // too long
    expect(normaliseCode('7K3M-9QXA-2F8R-WD5U')).toBeNull(); // U is not a symbol
    expect(normaliseCode("7K3M-9QXA-2F8R-WD5'")).toBeNull();
  });
});
