/** Small helpers over RFC 3463 enhanced status codes (`class.subject.detail`). */

const SHAPE = /^[245]\.\d{1,3}\.\d{1,3}$/;

/** True for a syntactically valid enhanced status code (RFC 3463 §2; class 2, 4 or 5). */
export function isEnhancedCode(value: string): boolean {
  return SHAPE.test(value);
}

/** The class digit of an enhanced code (2, 4 or 5). */
export function enhancedClass(value: string): number {
  return value.charCodeAt(0) - 48;
}

/** True for `x.0.0`, the "other undefined status" code that says nothing specific. */
export function isGenericEnhanced(value: string): boolean {
  return value.endsWith('.0.0');
}
