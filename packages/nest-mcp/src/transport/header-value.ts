/** One value of a Node request header (the first, should a client repeat one Node keeps as a list). */
export const headerValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
